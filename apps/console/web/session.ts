// Who is signed in: the bearer token (kept for this tab only) and what its claims say of the user.
export type Role = 'journalist' | 'editor' | 'wire' | 'admin';

export interface Session {
  token: string;
  sub: string;
  name: string;
  roles: Role[];
  expiresAt: number;
}

const KEY = 'newsroom.token';

function decode(token: string): Session | undefined {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { sub?: string; name?: string; roles?: Role[]; exp?: number };
    if (!claims.sub || !Array.isArray(claims.roles)) return undefined;
    return { token, sub: claims.sub, name: claims.name ?? claims.sub, roles: claims.roles, expiresAt: (claims.exp ?? 0) * 1000 };
  } catch {
    return undefined;
  }
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  const session = token ? decode(token) : undefined;
  if (session && session.expiresAt > Date.now()) return session;
  if (token) sessionStorage.removeItem(KEY);
  return undefined;
}

export function startSession(token: string): Session | undefined {
  const session = decode(token);
  if (session) sessionStorage.setItem(KEY, token);
  return session;
}

export function endSession(): void {
  sessionStorage.removeItem(KEY);
}
