import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { CHECKED_CLAIMS, SigningKeysUnavailable, TokenCheck } from './token-check';

export interface JwksSettings {
  url: string;
  issuer: string;
  audience: string;
  clockSkewSeconds: number;
  /** The least time between two fetches of the key set, so that tokens with made-up `kid`s cannot flood the identity provider. */
  cooldownSeconds: number;
}

// Asymmetric only: with HS256 the public keys would double as a shared secret anyone could sign with.
const ALGORITHMS = ['RS256', 'ES256'];

/** Production: tokens signed by the identity provider, its keys fetched from its JWKS URL, cached, and fetched again on an unknown `kid`. */
export function jwksCheck({ url, issuer, audience, clockSkewSeconds, cooldownSeconds }: JwksSettings): TokenCheck {
  const keySet = createRemoteJWKSet(new URL(url), { cooldownDuration: cooldownSeconds * 1000, timeoutDuration: 5000 });
  const signingKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (err) {
      // An unknown kid is the token's fault; an unreachable, slow or garbled key set is the provider's.
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
      throw new SigningKeysUnavailable(`the signing keys at ${url} could not be fetched: ${(err as Error).message}`);
    }
  };
  return {
    algorithms: ALGORITHMS,
    // The key set as text (jose hands out a copy each time): after a rotation, every token is checked against the new keys.
    currentKeys: () => JSON.stringify(keySet.jwks() ?? null),
    async payloadOf(token: string): Promise<JWTPayload> {
      const options = { algorithms: ALGORITHMS, issuer, audience, requiredClaims: CHECKED_CLAIMS, clockTolerance: clockSkewSeconds };
      const { payload } = await jwtVerify(token, signingKey, options);
      return payload;
    },
  };
}
