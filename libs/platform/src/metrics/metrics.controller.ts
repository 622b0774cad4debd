import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { Public } from '../auth/access.decorators';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { ProblemException } from '../http/problem.exception';
import { METRICS_REGISTRY } from './service-metrics';
import { Answers, Refuses } from '../http/api-docs/api-answers';

function sameToken(authorization: string | undefined, expected: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Prometheus's scrape. Not public in production: it answers only with `Authorization: Bearer
 * <METRICS_TOKEN>` there, and not at all without a METRICS_TOKEN. Elsewhere it is open unless a token is set.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  @Answers(200, null, { description: 'Prometheus text exposition', media: ['text/plain'] })
  @Refuses(401, 404)
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (token === undefined && this.config.NODE_ENV === 'production') {
      throw new ProblemException({ status: 404, detail: 'Metrics are served in production only with a METRICS_TOKEN.' });
    }
    if (token !== undefined && !sameToken(authorization, token)) {
      throw new ProblemException({
        status: 401,
        detail: 'Metrics need the scrape token: Authorization: Bearer <METRICS_TOKEN>.',
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    void reply.header('content-type', this.registry.contentType).header('cache-control', 'no-store');
    return this.registry.metrics();
  }
}
