/** What the console's live feed answers a client: its status, type and challenge, and the first bytes of the stream (or the problem). */
export async function openLiveFeed(
  consoleUrl: string,
  token?: string,
): Promise<{ status: number; contentType: string | null; challenge: string | null; text: string }> {
  const aborted = new AbortController();
  const response = await fetch(`${consoleUrl}/api/live`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: aborted.signal,
  });
  try {
    const text =
      response.status === 200 ? new TextDecoder().decode((await response.body!.getReader().read()).value) : await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      challenge: response.headers.get('www-authenticate'),
      text,
    };
  } finally {
    aborted.abort();
  }
}
