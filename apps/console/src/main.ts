// The newsroom console: `node dist/apps/console/src/main.js` (npm run stack starts it on port 3000).
import { kafkaConnection } from '@newsroom/platform/bootstrap/kafka-connection';
import { loadConsoleConfig } from './console-config';
import { buildConsoleServer } from './console-server';
import { LiveFeed } from './live-feed';

async function main(): Promise<void> {
  const config = loadConsoleConfig();
  const feed = new LiveFeed(kafkaConnection(config));
  // Not awaited: the pages are served meanwhile, and readiness waits for the feed.
  void feed.start();
  const app = await buildConsoleServer(config, feed);
  await app.listen({ port: config.CONSOLE_HTTP_PORT, host: config.CONSOLE_HTTP_HOST });
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: `console listening on ${config.CONSOLE_HTTP_HOST}:${config.CONSOLE_HTTP_PORT}` })}\n`,
  );
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void Promise.allSettled([app.close(), feed.stop()]).then(() => process.exit(0));
    });
}

main().catch((err: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: `console: ${err.message}` })}\n`);
  process.exit(1);
});
