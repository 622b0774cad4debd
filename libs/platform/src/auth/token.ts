import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { NEWSROOM_ROLES, Principal } from './principal';

const ALGORITHM = 'HS256';
const MALFORMED_CLAIMS = 'the token claims are malformed';

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  roles: z
    .array(z.enum(NEWSROOM_ROLES))
    .min(1)
    .transform((roles) => [...new Set(roles)]),
});

export type TokenClaims = z.input<typeof claimsSchema>;

/** Why a bearer token was turned away; the reason is safe to show the caller. */
export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
}

const keyFrom = (secret: string) => new TextEncoder().encode(secret);

/** Signs an HS256 token for `sub`; `expiresIn` is seconds or a period such as "8h" (default one hour). */
export async function signToken(claims: TokenClaims, secret: string, expiresIn: string | number = '1h'): Promise<string> {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`cannot sign a token: ${issue.path.join('.') || 'claims'} ${issue.message}`);
  }
  const { sub, name, roles } = parsed.data;
  return new SignJWT({ name, roles })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? `${expiresIn}s` : expiresIn)
    .sign(keyFrom(secret));
}

function reasonFor(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof errors.JOSEAlgNotAllowed) return `the token is not signed with ${ALGORITHM}`;
  if (err instanceof errors.JWTClaimValidationFailed) return MALFORMED_CLAIMS;
  return 'the token is malformed';
}

/** Checks signature, expiry and claims; any failure is a TokenRejected naming the reason. */
export async function verifyToken(token: string, secret: string): Promise<Principal> {
  let payload: unknown;
  try {
    // A token without exp would never expire, so exp is demanded.
    ({ payload } = await jwtVerify(token, keyFrom(secret), { algorithms: [ALGORITHM], requiredClaims: ['sub', 'exp'] }));
  } catch (err) {
    throw new TokenRejected(reasonFor(err));
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new TokenRejected(MALFORMED_CLAIMS);
  return { id: claims.data.sub, name: claims.data.name, roles: claims.data.roles };
}
