import { randomUUID } from 'node:crypto';
import {
  createKafka,
  ensureTopics,
  EventPublisher,
  messagingTablesMigration,
  outboxChannel,
  OutboxRelay,
  OutboxRelayOptions,
} from '@newsroom/messaging';
import { Client } from 'pg';
import { QueryRunner } from 'typeorm';
import { brokers, header, TopicTap } from './support/kafka-tap';
import { eventually } from './support/test-env';

const schema = `relay_test_${randomUUID().slice(0, 8)}`;
const topic = `newsroom.relay-test.${randomUUID().slice(0, 8)}`;
const kafka = createKafka({ brokers, clientId: 'relay-test' });
const admin = new Client({ connectionString: process.env.DATABASE_URL });

/** Whether the relay connected under this application name holds the advisory lock, i.e. is the active one. */
async function isActive(name: string): Promise<true | undefined> {
  const { rowCount } = await admin.query(
    `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
    [name],
  );
  return rowCount ? true : undefined;
}

/** Stages rows as a service's transaction would; `notify` false leaves the relay to its poll. */
async function stage(count: number, options: { key?: string; payloadBytes?: number; notify?: boolean } = {}): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const payload = JSON.stringify({ text: 'é'.repeat(Math.max(1, Math.floor((options.payloadBytes ?? 20) / 2))) });
  await admin.query('BEGIN');
  for (const id of ids) {
    await admin.query(
      `INSERT INTO "${schema}".outbox (event_id, topic, message_key, event_type, headers, payload) VALUES ($1, $2, $3, 'newsroom.test.v1', $4, $5)`,
      [id, topic, options.key ?? id, JSON.stringify({ ce_id: id }), payload],
    );
  }
  if (options.notify !== false) await admin.query('SELECT pg_notify($1, NULL)', [outboxChannel(schema)]);
  await admin.query('COMMIT');
  return ids;
}

describe('the outbox relay', () => {
  let tap: TopicTap;
  const publisher = new EventPublisher(kafka);
  const relays: OutboxRelay[] = [];
  const relay = (name: string, options: Partial<OutboxRelayOptions> = {}) => {
    const url = new URL(process.env.DATABASE_URL!);
    const started = new OutboxRelay({
      database: { connectionString: url.toString(), application_name: name, options: `-c search_path=${schema}` },
      schema,
      publisher,
      pollIntervalMs: 60_000,
      standbyPollMs: 200,
      ...options,
    });
    started.start();
    relays.push(started);
    return started;
  };
  const delivered = (ids: string[]) => () => {
    const seen = tap.messages.filter((message) => ids.includes(header(message, 'ce_id')!));
    return seen.length >= ids.length ? seen : undefined;
  };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await new (messagingTablesMigration(schema))().up(admin as unknown as QueryRunner);
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 });
    tap = await TopicTap.open(topic);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((started) => started.stop()));
  });

  afterAll(async () => {
    await tap?.close();
    await publisher.disconnect();
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
  });

  it('is woken by NOTIFY: a committed event goes out at once, not at the next poll a minute later', async () => {
    relay('relay-notify');
    const ids = await stage(1);
    expect(await eventually(delivered(ids), 5000)).toHaveLength(1);
  });

  it('sends what is committed when it stops, even without a NOTIFY', async () => {
    const active = relay('relay-final');
    expect(await eventually(() => isActive('relay-final'), 5000)).toBe(true);
    const ids = await stage(3, { notify: false });
    await active.stop();
    const { rows } = await admin.query(
      `SELECT count(*)::int AS unsent FROM "${schema}".outbox WHERE event_id = ANY($1) AND sent_at IS NULL`,
      [ids],
    );
    expect(rows[0].unsent).toBe(0);
    expect(await eventually(delivered(ids), 5000)).toHaveLength(3);
  });

  it('has one active relay; a standby takes over when it stops, and one story keeps its order', async () => {
    const key = randomUUID();
    const first = relay('relay-a');
    expect(await eventually(() => isActive('relay-a'), 5000)).toBe(true);
    relay('relay-b');
    const before = await stage(5, { key });
    await eventually(delivered(before));
    const holders = await admin.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid IN (SELECT pid FROM pg_stat_activity WHERE application_name IN ('relay-a', 'relay-b'))`,
    );
    expect(holders.rows[0].n).toBe(1);

    await first.stop();
    const after = await stage(5, { key });
    const all = await eventually(delivered([...before, ...after]), 10_000);
    expect(all?.map((message) => header(message, 'ce_id'))).toEqual([...before, ...after]);
  });

  it('reconnects after its database connection is killed', async () => {
    relay('relay-killed');
    expect(await eventually(() => isActive('relay-killed'), 5000)).toBe(true);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-killed'`);
    const ids = await stage(2);
    expect(await eventually(delivered(ids), 15_000)).toHaveLength(2);
  });

  it('sends a backlog larger than the broker takes in one request, in batches it accepts', async () => {
    const key = randomUUID();
    const ids = await stage(60, { key, payloadBytes: 30_000, notify: false });
    relay('relay-backlog');
    const all = await eventually(delivered(ids), 20_000);
    expect(all?.map((message) => header(message, 'ce_id'))).toEqual(ids);
  });
});
