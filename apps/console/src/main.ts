// The newsroom console: `node dist/apps/console/src/main.js` (npm run stack starts it on port 3000).
import { kafkaConnection } from '@newsroom/platform/bootstrap/kafka-connection';
import { Logger, LoggerService } from '@nestjs/common';
import pino from 'pino';
import { loadConsoleConfig } from './console-config';
import { buildConsoleServer } from './console-server';
import { LiveFeed } from './live-feed';

const log = pino({ base: { service: 'newsroom-console' } });

/** Nest's Logger (which the Kafka client logs through) writing the same JSON lines as the rest. */
function jsonLogger(): LoggerService {
  const entry =
    (level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal') =>
    (message: unknown, ...rest: unknown[]) => {
      const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
      if (typeof message === 'object' && message !== null) log[level]({ context, ...(message as Record<string, unknown>) });
      else log[level]({ context }, String(message));
    };
  return {
    log: entry('info'),
    error: entry('error'),
    warn: entry('warn'),
    debug: entry('debug'),
    verbose: entry('trace'),
    fatal: entry('fatal'),
  };
}

async function main(): Promise<void> {
  const config = loadConsoleConfig();
  log.level = config.LOG_LEVEL;
  Logger.overrideLogger(jsonLogger());
  const feed = new LiveFeed(kafkaConnection(config), log);
  // Not awaited: the pages are served meanwhile, and readiness waits for the feed.
  void feed.start();
  const app = await buildConsoleServer(config, feed, log);
  await app.listen({ port: config.CONSOLE_HTTP_PORT, host: config.CONSOLE_HTTP_HOST });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: stopping`);
      void Promise.allSettled([app.close(), feed.stop()]).then(() => process.exit(0));
    });
}

main().catch((err: Error) => {
  log.fatal({ err }, `console: ${err.message}`);
  process.exit(1);
});
