import { jwtVerify, JWTPayload } from 'jose';
import { CHECKED_CLAIMS, TokenCheck } from './token-check';

/** Local and test use: one shared secret, HS256 only. */
export function hs256Check(secret: string, clockSkewSeconds: number): TokenCheck {
  const key = new TextEncoder().encode(secret);
  return {
    algorithms: ['HS256'],
    async payloadOf(token: string): Promise<JWTPayload> {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        requiredClaims: CHECKED_CLAIMS,
        clockTolerance: clockSkewSeconds,
      });
      return payload;
    },
  };
}
