import { JWTPayload } from 'jose';

/** One way of checking a token's signature, expiry, issuer and audience; what the claims then say is checked apart. */
export interface TokenCheck {
  /** The only algorithms accepted; anything else (HS256 where keys are public, `none` always) is refused before any key is looked up. */
  readonly algorithms: readonly string[];
  payloadOf(token: string): Promise<JWTPayload>;
  /** The keys it checks with now, where they can change (a fetched key set): a token verified with other keys is checked again. */
  currentKeys?(): unknown;
}

// A token without exp would never expire, so exp is demanded.
export const CHECKED_CLAIMS = ['sub', 'exp'];

/** The identity provider's keys could not be fetched: nothing is wrong with the caller's token. */
export class SigningKeysUnavailable extends Error {
  override readonly name = 'SigningKeysUnavailable';
}
