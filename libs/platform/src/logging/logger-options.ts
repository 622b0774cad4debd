import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { ServiceConfig } from '../config/service-config';

/** One JSON line per log entry, naming the service; secrets never reach the log. */
export function loggerOptions(config: ServiceConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service: config.service },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Probes hit /health every few seconds; logging each would drown the requests that matter.
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').startsWith('/health/'),
      },
    },
  };
}
