import { randomUUID } from 'node:crypto';
import { createKafka, messagingTablesMigration } from '@newsroom/messaging';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MessagingMetrics } from '../libs/messaging/src/metrics/messaging-metrics';
import { brokers } from './support/kafka-tap';

const schema = `metrics_reading_${randomUUID().slice(0, 8)}`;
const admin = new Client({ connectionString: process.env.DATABASE_URL });
const kafka = createKafka({ brokers, clientId: 'metrics-reading-test' });

/** The outbox gauges' values in one scrape, as Prometheus would read them (it takes NaN in any case; prom-client writes "Nan"). */
async function backlog(registry: Registry): Promise<{ unsent: string; oldest: string }> {
  const text = await registry.metrics();
  const value = (name: string) => text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1].replace(/^nan$/i, 'NaN') ?? 'absent';
  return { unsent: value('newsroom_outbox_unsent_events'), oldest: value('newsroom_outbox_oldest_unsent_age_seconds') };
}

describe('the outbox gauges when the database does not answer a scrape', () => {
  const registry = new Registry();
  const metrics = new MessagingMetrics({ registry, schema, groupId: `metrics-reading-${schema}`, consumes: [] });
  let dataSource: DataSource;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema,
      migrations: [messagingTablesMigration(schema)],
      migrationsTableName: 'migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    metrics.attach(dataSource, kafka);
  });

  afterAll(async () => {
    await metrics.detach();
    await dataSource?.destroy();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('reads NaN (unknown) rather than the last value, and the real backlog again once it answers', async () => {
    for (const id of [randomUUID(), randomUUID()]) {
      await admin.query(
        `INSERT INTO "${schema}".outbox (event_id, topic, message_key, event_type, headers, payload, created_at)
           VALUES ($1::uuid, 'newsroom.metrics-test', $1::text, 'newsroom.test.v1', '{}', '{}', now() - interval '40 seconds')`,
        [id],
      );
    }
    const before = await backlog(registry);
    expect(before.unsent).toBe('2');
    expect(Number(before.oldest)).toBeGreaterThanOrEqual(40);

    // A lock held elsewhere makes the backlog query wait past the scrape's deadline.
    const locker = new Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${schema}".outbox IN ACCESS EXCLUSIVE MODE`);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the reading shared by close scrapes
      expect(await backlog(registry)).toEqual({ unsent: 'NaN', oldest: 'NaN' });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await backlog(registry)).unsent).toBe('2');
  });
});
