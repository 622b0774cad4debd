import { z } from 'zod';
import { NEWSROOM_ROLES, Principal } from './principal';

// A subject ends up as author and editor ids in rows and events; IdPs issue UUIDs, `auth0|…`, e-mail addresses: all printable ASCII.
const sub = z
  .string('must be a string')
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

// The name becomes the byline when a draft gives none, so it keeps to the byline's 200 characters and to text a page can show:
// no control characters, lone surrogates, bidi overrides or isolates, or non-characters.
const UNSHOWABLE = /[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]|[\u{1fffe}-\u{1ffff}]/u;
const name = z
  .string('must be a string')
  .max(200, 'must be at most 200 characters')
  .refine((value) => value.trim().length > 0, 'must not be empty')
  .refine((value) => !UNSHOWABLE.test(value), 'must not hold control characters, bidi overrides or non-characters');

const roles = z
  .array(z.enum(NEWSROOM_ROLES, `must list only ${NEWSROOM_ROLES.join(', ')}`), 'must be a list of roles')
  .min(1, 'must list at least one role')
  .max(NEWSROOM_ROLES.length * 2, 'lists too many roles')
  .transform((list) => [...new Set(list)]);

export const claimsSchema = z.object({ sub, name, roles });

export type TokenClaims = z.input<typeof claimsSchema>;

/** A claim the newsroom cannot use, with why; the claim's name is safe to show the caller. */
export interface UnusableClaim {
  claim: string;
  message: string;
}

/** The principal the claims describe, or the first claim that cannot be used (missing ones included). */
export function principalFromClaims(payload: unknown): Principal | UnusableClaim {
  const parsed = claimsSchema.safeParse(payload);
  if (parsed.success) return { id: parsed.data.sub, name: parsed.data.name, roles: parsed.data.roles };
  const issue = parsed.error.issues[0];
  const claim = String(issue.path[0] ?? 'claims');
  const missing = issue.code === 'invalid_type' && (payload as Record<string, unknown> | null)?.[claim] === undefined;
  return { claim, message: missing ? 'is missing' : issue.message };
}
