import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, Role } from './principal';

export const PUBLIC_ROUTE = 'newsroom:public';
export const REQUIRED_ROLES = 'newsroom:roles';

/** Lets a route (or a whole controller) answer without a bearer token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller needs at least one of these roles; otherwise 403. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);

/** Where the access guard leaves the verified caller on the request. */
export interface IdentifiedRequest {
  principal?: Principal;
}

/** The verified caller of the route; undefined on a @Public() route. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal | undefined => context.switchToHttp().getRequest<IdentifiedRequest>().principal,
);
