import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { ServiceDefinition } from '@newsroom/platform';
import { loadConfig, ServiceConfig } from '@newsroom/platform/config/service-config';

/**
 * A service's configuration for an in-process test: the database and broker that `npm test`
 * prepared, any free port, and a consumer group of its own so tests never share offsets.
 */
export function testConfig({ name, settings }: ServiceDefinition, overrides: Record<string, string> = {}): ServiceConfig {
  // No wire polling unless a test asks for it: suites share a database, and another suite's instance would poll its sources.
  const env = {
    ...process.env,
    HTTP_PORT: '0',
    KAFKA_GROUP_ID: `test-${name}-${randomUUID()}`,
    LOG_LEVEL: 'error',
    ...(name === 'ingestion' && { WIRE_POLL_TICK_MS: '0' }),
    ...overrides,
  };
  return loadConfig(name, env, settings ?? {});
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Reads until `ready` holds for what was read, and returns it; fails naming `what` when it never does. */
export async function readUntil<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string): Promise<T> {
  const value = await eventually(async () => {
    const seen = await read();
    return ready(seen) ? seen : undefined;
  });
  if (value === undefined) throw new Error(`never saw ${what}`);
  return value;
}

/** Polls until the check passes or the time runs out; returns the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
