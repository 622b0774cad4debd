import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SERVICE_CONFIG, ServiceConfig, usesDevelopmentJwtSecret } from '../config/service-config';
import { ProblemException } from '../http/problem.exception';
import { IdentifiedRequest, PUBLIC_ROUTE, REQUIRED_ROLES } from './access.decorators';
import { hasAnyRole, Principal, Role } from './principal';
import { bearerTokenOf, SigningKeysUnavailable, TokenRejected, TokenVerifier } from './token';

interface BearerRequest extends IdentifiedRequest {
  headers: Record<string, string | string[] | undefined>;
}

const CHALLENGE = 'Bearer realm="newsroom"';

function unauthenticated(detail: string, rejected?: TokenRejected): ProblemException {
  // RFC 6750: a request without credentials gets the bare challenge; a rejected token also gets error="invalid_token".
  const challenge = rejected ? `${CHALLENGE}, error="invalid_token", error_description="${rejected.message}"` : CHALLENGE;
  const extensions = rejected?.claim ? { errors: [{ field: `token.${rejected.claim}`, message: rejected.message }] } : undefined;
  return new ProblemException({ status: 401, detail, extensions, headers: { 'WWW-Authenticate': challenge } });
}

function bearerToken(header: string | string[] | undefined): string {
  const token = bearerTokenOf(header);
  if (token === undefined) throw unauthenticated('This endpoint needs "Authorization: Bearer <token>".');
  return token;
}

/** Every HTTP route needs a valid bearer token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class AccessGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly tokens: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.tokens = TokenVerifier.forConfig(config);
  }

  onModuleInit(): void {
    if (!this.config.NEWSROOM_JWKS_URL && usesDevelopmentJwtSecret(this.config)) {
      this.logger.warn('NEWSROOM_JWT_SECRET is not set: bearer tokens use the public development secret');
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers share the app's guards; events are trusted by topic, not by token.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<BearerRequest>();
    request.principal = await this.identify(bearerToken(request.headers.authorization));
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !hasAnyRole(request.principal, required)) {
      throw new ProblemException({ status: 403, detail: `This needs one of the roles: ${required.join(', ')}.` });
    }
    return true;
  }

  private async identify(token: string): Promise<Principal> {
    try {
      return await this.tokens.verify(token);
    } catch (err) {
      if (err instanceof TokenRejected) throw unauthenticated(`The bearer token was rejected: ${err.message}.`, err);
      if (err instanceof SigningKeysUnavailable) {
        this.logger.warn(err.message);
        throw new ProblemException({
          status: 503,
          detail: 'The identity provider cannot be reached to check the bearer token; try again shortly.',
          headers: { 'Retry-After': '5' },
        });
      }
      throw err;
    }
  }
}
