import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES, ServiceName } from '@newsroom/platform/config/service-config';
import { provisionDatabase, ServiceDefinition, signToken, startServiceApp } from '@newsroom/platform';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { groupsStartAtTopicEnd } from './kafka-tap';
import { ServiceProcess, startServiceProcess, waitUntilReady } from './service-process';
import { freePort, testConfig } from './test-env';

export const TEST_JWT_SECRET = 'newsroom-test-secret-at-least-32-characters-long';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** The three services as OS processes, each on a free port with consumer groups of this run's own. */
export class NewsroomStack {
  readonly processes = new Map<ServiceName, ServiceProcess>();
  readonly urls = {} as Record<ServiceName, string>;

  /**
   * `fromTopicEnd`: the services' new groups skip what the topics already hold (see groupsStartAtTopicEnd).
   * `database`: a database of the stack's own, set up and migrated here: in the shared one, another suite's
   * relays (several instances share an outbox, as replicas do) may send this stack's events.
   */
  static async start(env: Record<string, string> = {}, { fromTopicEnd = false, database = '' } = {}): Promise<NewsroomStack> {
    const stack = new NewsroomStack();
    const run = randomUUID().slice(0, 8);
    if (database) env = { ...env, DATABASE_URL: await migratedDatabase(database) };
    if (fromTopicEnd) await groupsStartAtTopicEnd(SERVICE_NAMES.map((service) => `newsroom-${service}-${run}`));
    await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        const port = await freePort();
        const proc = startServiceProcess(service, {
          HTTP_PORT: String(port),
          KAFKA_GROUP_ID: `newsroom-${service}-${run}`,
          NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
          // No wire polling unless the test asks for it (suites share a database: it would poll another suite's sources).
          ...(service === 'ingestion' && { WIRE_POLL_TICK_MS: '0' }),
          ...env,
        });
        stack.processes.set(service, proc);
        stack.urls[service] = `http://127.0.0.1:${port}`;
        await waitUntilReady(`${stack.urls[service]}/health/ready`, proc, 60_000);
      }),
    );
    return stack;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(async (proc) => {
        if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
        await proc.exited;
      }),
    );
  }
}

/**
 * The named database on the test server, created with the services' roles and schemas, and migrated; its URL.
 * New for each run (dropped first if an earlier run left it): what the suite lists is what it made, not every
 * story earlier runs left there.
 */
export async function migratedDatabase(name: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  await provisionDatabase(url.toString());
  for (const service of SERVICE_NAMES) {
    const migration = startServiceProcess(service, { DATABASE_URL: url.toString() }, ['migrate']);
    const { code } = await migration.exited;
    if (code !== 0) throw new Error(`${service} could not migrate ${name}: ${migration.stderr()}`);
  }
  return url.toString();
}

export function tokenFor(sub: string, name: string, roles: ('journalist' | 'editor' | 'wire' | 'admin')[]): Promise<string> {
  return signToken({ sub, name, roles }, TEST_JWT_SECRET);
}

/** One HTTP call as a client would make it; the body is parsed when it is JSON. */
export async function call<T = any>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal,
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body: json };
}

/** A service inside the test's process, on this run's broker and database, signing tokens with the test secret. */
export function startInProcess(definition: ServiceDefinition, overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
  return startServiceApp(definition, testConfig(definition, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, ...overrides }));
}
