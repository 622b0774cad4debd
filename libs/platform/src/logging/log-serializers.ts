import type { IncomingMessage } from 'node:http';

/** The path of a URL without its query string: a token passed as `?access_token=` must never be logged. */
export function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0].slice(0, 2048);
}

/** What a request's log line says about it: its id, method and path; no headers, no query, no body. */
export function loggedRequest(req: IncomingMessage & { id?: unknown; originalUrl?: string }) {
  return { id: req.id, method: req.method, url: pathOf(req.originalUrl ?? req.url) };
}

interface LoggableError {
  /** Set when pino's standard serializer has already run (pino-http wraps a custom one around it). */
  type?: unknown;
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  cause?: unknown;
}

/**
 * What an error's log entry holds: its type, message, code and stack, and its cause's. Not its
 * other properties: a TypeORM QueryFailedError carries the SQL parameters (a story's text), and a
 * pg error's `detail` quotes the row.
 */
export function loggedError(err: unknown, depth = 0): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const { type, name, message, stack, code, cause } = err as LoggableError;
  return {
    type: typeof type === 'string' ? type : typeof name === 'string' ? name : (err.constructor?.name ?? 'Error'),
    message: typeof message === 'string' ? message : String(message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack,
    ...(cause !== undefined && depth < 3 ? { cause: loggedError(cause, depth + 1) } : {}),
  };
}
