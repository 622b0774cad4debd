export const NEWSROOM_ROLES = ['journalist', 'editor', 'wire', 'admin'] as const;
export type Role = (typeof NEWSROOM_ROLES)[number];

/** Who is calling: the token's `sub` as `id`, the name shown in bylines and audit trails, and their roles. */
export interface Principal {
  id: string;
  name: string;
  roles: Role[];
}

// admin grants nothing implicitly: a route that admins may use says so, keeping each desk's duties visible where they are enforced.
export function hasAnyRole(principal: Principal, required: readonly Role[]): boolean {
  return required.some((role) => principal.roles.includes(role));
}
