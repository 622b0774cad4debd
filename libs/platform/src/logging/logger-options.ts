import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';
import { ServiceConfig } from '../config/service-config';
import { loggedError, loggedRequest } from './log-serializers';

/** One JSON line per log entry, naming the service; secrets and story content never reach the log. */
export function loggerOptions(config: ServiceConfig): Params {
  return {
    // nestjs-pino 5's default route ('{/*splat}') matches nothing under Fastify on Nest 12: no request was logged.
    forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service: config.service },
      // Fastify has already chosen the request id (a safe x-request-id, or a UUID); the log uses the same one.
      genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
      // A response is logged by its status: its headers say nothing an operator needs.
      serializers: { req: loggedRequest, res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }), err: loggedError },
      // Probes hit /health every few seconds; logging each would drown the requests that matter.
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').startsWith('/health/'),
      },
    },
  };
}
