import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { ServiceConfig } from '../config/service-config';
import { loggedError, loggedRequest } from './log-serializers';

/** One JSON line per log entry, naming the service; secrets and story content never reach the log. */
export function loggerOptions(config: ServiceConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service: config.service },
      // Fastify has already chosen the request id (a safe x-request-id, or a UUID); the log uses the same one.
      genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
      serializers: { req: loggedRequest, err: loggedError },
      // Probes hit /health every few seconds; logging each would drown the requests that matter.
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').startsWith('/health/'),
      },
    },
  };
}
