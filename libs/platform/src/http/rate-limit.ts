import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import { IdentifiedRequest } from '../auth/access.decorators';
import { ServiceConfig } from '../config/service-config';
import { HealthController } from '../health/health.controller';
import { ProblemException } from './problem.exception';

type RateLimitSettings = Pick<ServiceConfig, 'RATE_LIMIT_WINDOW_MS' | 'RATE_LIMIT_ANONYMOUS' | 'RATE_LIMIT_SIGNED_IN'>;

const callerOf = (context: ExecutionContext) => context.switchToHttp().getRequest<IdentifiedRequest & { ip: string }>();

/**
 * One budget per caller across all of a service's routes: the token's subject once the access
 * guard has verified it (so a newsroom behind one NAT address is not one caller), else the
 * client's address. Runs after the access guard, which is registered before it.
 */
@Injectable()
export class CallerRateLimit extends ThrottlerGuard {
  protected override getTracker(request: IdentifiedRequest & { ip: string }): Promise<string> {
    return Promise.resolve(request.principal ? `sub:${request.principal.id}` : `ip:${request.ip}`);
  }

  protected override throwThrottlingException(context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const who = callerOf(context).principal ? 'per signed-in caller' : 'per address without a token';
    throw new ProblemException({
      status: 429,
      type: 'rate-limited',
      title: 'Too many requests',
      detail: `At most ${limit.limit} requests per ${limit.ttl / 1000} s ${who}; try again in ${limit.timeToBlockExpire} s.`,
      headers: { 'Retry-After': String(limit.timeToBlockExpire) },
    });
  }
}

export function rateLimitOptions(config: RateLimitSettings): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        ttl: config.RATE_LIMIT_WINDOW_MS,
        // Editors and journalists work in bursts (a queue page, a save every few seconds); readers without a token need far less.
        limit: (context) => (callerOf(context).principal ? config.RATE_LIMIT_SIGNED_IN : config.RATE_LIMIT_ANONYMOUS),
      },
    ],
    // Kafka handlers share the app's guards; probes must answer whatever the traffic.
    skipIf: (context) => context.getType() !== 'http' || context.getClass() === HealthController,
    // Per caller, not per route (the default key includes the handler).
    generateKey: (_context, tracker, throttler) => `${throttler}:${tracker}`,
  };
}
