import { errors, SignJWT } from 'jose';
import type { ServiceConfig } from '../config/service-config';
import { Principal } from './principal';
import { claimsSchema, principalFromClaims, TokenClaims } from './token-claims';
import { hs256Check } from './verifiers/hs256';
import { jwksCheck } from './verifiers/jwks';
import { SigningKeysUnavailable, TokenCheck } from './verifiers/token-check';

export type { TokenClaims } from './token-claims';
export { SigningKeysUnavailable } from './verifiers/token-check';

const DEFAULT_CLOCK_SKEW_SECONDS = 30;

/** Why a bearer token was turned away; the reason (and the claim, when one is at fault) is safe to show the caller. */
export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';

  constructor(
    message: string,
    readonly claim?: string,
  ) {
    super(message);
  }
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750's b64token), or undefined for any other header. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header)?.[1] : undefined;
}

/** Signs an HS256 token for `sub`; `expiresIn` is seconds or a period such as "8h" (default one hour). */
export async function signToken(claims: TokenClaims, secret: string, expiresIn: string | number = '1h'): Promise<string> {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`cannot sign a token: ${issue.path.join('.') || 'claims'} ${issue.message}`);
  }
  const { sub, name, roles } = parsed.data;
  return new SignJWT({ name, roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? `${expiresIn}s` : expiresIn)
    .sign(new TextEncoder().encode(secret));
}

function rejectionFor(err: unknown, check: TokenCheck): TokenRejected {
  if (err instanceof errors.JWTExpired) return new TokenRejected('the token has expired');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new TokenRejected('the token signature does not verify');
  if (err instanceof errors.JOSEAlgNotAllowed) return new TokenRejected(`the token is not signed with ${check.algorithms.join(' or ')}`);
  if (err instanceof errors.JWKSNoMatchingKey)
    return new TokenRejected('the token is signed with a key the identity provider does not list');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return new TokenRejected('the token is not valid yet', 'nbf');
    const why = err.reason === 'missing' ? 'is missing' : 'is not the one this service accepts';
    return new TokenRejected(`the token claim ${err.claim} ${why}`, err.claim);
  }
  return new TokenRejected('the token is malformed');
}

/**
 * Callers recently verified, by their token: a journalist's screen sends the same token with every
 * request, and checking its signature each time took 6 % of editorial's main thread under the
 * throughput bench. An entry is
 * used only before the token's `exp` (without the clock-skew grace, which a full check still gives)
 * and for at most a minute, and only while the identity provider's key set is the one it was checked
 * with (a rotation that is fetched ends every entry).
 * Only tokens that verified are kept; a refusal is checked again every time.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number; keys: unknown }>();

  constructor(
    private readonly maxEntries = 2_000,
    private readonly maxAgeMs = 60_000,
    /** Longer tokens are verified every time: the cache holds at most maxEntries × this many characters. */
    private readonly maxTokenLength = 2_048,
  ) {}

  /** `keys`: what the token was checked with must still be what a check would use. */
  get(token: string, now = Date.now(), keys?: unknown): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (now >= entry.until || entry.keys !== keys) return undefined;
    this.entries.set(token, entry); // the most recently used goes last; the first is the next to go
    return { ...entry.principal, roles: [...entry.principal.roles] };
  }

  put(token: string, principal: Principal, payload: unknown, now = Date.now(), keys?: unknown): void {
    const exp = (payload as { exp?: unknown }).exp;
    if (typeof exp !== 'number' || token.length > this.maxTokenLength) return;
    const until = Math.min(exp * 1000, now + this.maxAgeMs);
    if (until <= now) return;
    this.entries.delete(token);
    this.entries.set(token, { principal: { ...principal, roles: [...principal.roles] }, until, keys });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Turns a bearer token into the caller, or a TokenRejected naming the reason; SigningKeysUnavailable when the keys cannot be had. */
export class TokenVerifier {
  private readonly verified = new VerifiedTokens();

  constructor(private readonly check: TokenCheck) {}

  /** HS256 with NEWSROOM_JWT_SECRET, or the identity provider's keys when NEWSROOM_JWKS_URL is set (then HS256 is refused). */
  static forConfig(config: Partial<ServiceConfig>): TokenVerifier {
    const clockSkewSeconds = config.NEWSROOM_JWT_CLOCK_SKEW_SECONDS ?? DEFAULT_CLOCK_SKEW_SECONDS;
    if (config.NEWSROOM_JWKS_URL) {
      return new TokenVerifier(
        jwksCheck({
          url: config.NEWSROOM_JWKS_URL,
          issuer: config.NEWSROOM_JWT_ISSUER ?? '',
          audience: config.NEWSROOM_JWT_AUDIENCE ?? '',
          clockSkewSeconds,
          cooldownSeconds: config.NEWSROOM_JWKS_COOLDOWN_SECONDS ?? 30,
        }),
      );
    }
    if (!config.NEWSROOM_JWT_SECRET) throw new TypeError('no identity configuration: NEWSROOM_JWKS_URL or NEWSROOM_JWT_SECRET');
    return new TokenVerifier(hs256Check(config.NEWSROOM_JWT_SECRET, clockSkewSeconds));
  }

  async verify(token: string): Promise<Principal> {
    const keys = this.check.currentKeys?.();
    const known = this.verified.get(token, Date.now(), keys);
    if (known) return known;
    let payload: unknown;
    try {
      payload = await this.check.payloadOf(token);
    } catch (err) {
      if (err instanceof SigningKeysUnavailable) throw err;
      throw rejectionFor(err, this.check);
    }
    // A token that verifies but whose claims cannot be used is refused here, not by a 500 when a byline or an event is built from it.
    const principal = principalFromClaims(payload);
    if ('claim' in principal) throw new TokenRejected(`the token claim ${principal.claim} ${principal.message}`, principal.claim);
    // The keys it verified with: a fetch during the check (an unknown kid) makes them newer than those read above.
    this.verified.put(token, principal, payload, Date.now(), this.check.currentKeys?.());
    return principal;
  }
}

/** Checks an HS256 token's signature, expiry and claims; any failure is a TokenRejected naming the reason. */
export function verifyToken(token: string, secret: string): Promise<Principal> {
  return TokenVerifier.forConfig({ NEWSROOM_JWT_SECRET: secret }).verify(token);
}
