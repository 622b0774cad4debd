import { randomUUID } from 'node:crypto';
import { Topics } from '@newsroom/contracts';
import { TablePruner } from '@newsroom/messaging';
import { pgClientConfig } from '@newsroom/platform';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { closeProducer, header, produceRecords, TopicTap } from './support/kafka-tap';
import { call, startInProcess, tokenFor } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe(TablePruner.name, () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const policy = { outboxRetentionHours: 24, inboxRetentionHours: 192, intervalMs: 60_000, batchSize: 50, pauseMs: 1 };
  const prunerOf = (schema: 'ingestion' | 'editorial') =>
    new TablePruner({
      database: pgClientConfig(testConfig(schema === 'ingestion' ? ingestionService : editorialService), 'pruner'),
      schema,
      policy,
    });

  beforeAll(() => db.connect());
  afterAll(async () => {
    await closeProducer();
    await db.end();
  });

  it('deletes sent outbox rows and inbox records past their retention, in batches, and keeps the recent and the unsent', async () => {
    const tag = `prune-${randomUUID()}`;
    // 120 rows past retention (three batches of 50), one sent recently, one never sent though old.
    await db.query(
      `INSERT INTO ingestion.outbox (event_id, topic, message_key, event_type, headers, payload, created_at, sent_at)
       SELECT gen_random_uuid(), 'newsroom.drafts.v1', $1, 'newsroom.draft.submitted.v1', '{}', '{}', $2, $2 FROM generate_series(1, 120)`,
      [`${tag}-old`, hoursAgo(30)],
    );
    await db.query(
      `INSERT INTO ingestion.outbox (event_id, topic, message_key, event_type, headers, payload, created_at, sent_at)
       VALUES (gen_random_uuid(), 'newsroom.drafts.v1', $1, 't', '{}', '{}', $2, $3), (gen_random_uuid(), 'newsroom.drafts.v1', $4, 't', '{}', '{}', $2, NULL)`,
      [`${tag}-recent`, hoursAgo(30), hoursAgo(23), `${tag}-unsent`],
    );
    await db.query(
      `INSERT INTO ingestion.inbox (event_id, event_type, topic, kafka_partition, kafka_offset, applied_at)
       VALUES ($1, 't', $3, 0, 0, $4), ($2, 't', $3, 0, 1, $5)`,
      [`${tag}-old`, `${tag}-recent`, tag, hoursAgo(193), hoursAgo(191)],
    );

    const result = await prunerOf('ingestion').pruneOnce();
    expect(result!.outbox).toBeGreaterThanOrEqual(120);
    expect(result!.inbox).toBeGreaterThanOrEqual(1);
    const outbox = await db.query(
      `SELECT message_key, count(*)::int AS n FROM ingestion.outbox WHERE message_key LIKE $1 GROUP BY message_key ORDER BY message_key`,
      [`${tag}-%`],
    );
    expect(outbox.rows).toEqual([
      { message_key: `${tag}-recent`, n: 1 },
      { message_key: `${tag}-unsent`, n: 1 },
    ]);
    const inbox = await db.query('SELECT event_id FROM ingestion.inbox WHERE topic = $1', [tag]);
    expect(inbox.rows).toEqual([{ event_id: `${tag}-recent` }]);
    await db.query('DELETE FROM ingestion.outbox WHERE message_key LIKE $1', [`${tag}-%`]);
  });

  it('leaves the round to the instance that holds the pruning lock', async () => {
    const holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('ingestion.prune'))");
      expect(await prunerOf('ingestion').pruneOnce()).toBeUndefined();
    } finally {
      await holder.end();
    }
    expect(await prunerOf('ingestion').pruneOnce()).toEqual({ outbox: expect.any(Number), inbox: expect.any(Number) });
  });

  describe('with the consumer running', () => {
    let ingestion: NestFastifyApplication;
    let editorial: NestFastifyApplication;
    let drafts: TopicTap;

    beforeAll(async () => {
      drafts = await TopicTap.open(Topics.drafts);
      ingestion = await startInProcess(ingestionService);
      editorial = await startInProcess(editorialService);
    });

    afterAll(async () => {
      await ingestion?.close();
      await editorial?.close();
      await drafts?.close();
    });

    it('still skips a redelivered event whose inbox record is old but within retention, after a pruning round', async () => {
      const alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
      const editor = await tokenFor(`ed-${randomUUID()}`, 'Édith Roux', ['editor']);
      const body = { headline: 'Les digues cèdent à Saint-Étienne', body: '<p>« On n’a rien vu venir. »</p>', language: 'fr' };
      const { body: draft } = await call('POST', `${await ingestion.getUrl()}/v1/drafts`, { token: alice, body });
      const reviewUrl = `${await editorial.getUrl()}/v1/reviews/${draft.id}`;
      const queued = await eventually(async () => {
        const review = await call('GET', reviewUrl, { token: editor });
        return review.status === 200 ? review.body : undefined;
      });
      const [submitted] =
        (await eventually(() => {
          const seen = drafts.about(draft.id);
          return seen.length === 1 ? seen : undefined;
        })) ?? [];
      const eventId = header(submitted, 'ce_id')!;

      // Seven days on, the record is old but the topic could still hand the event out again.
      await db.query('UPDATE editorial.inbox SET applied_at = $2 WHERE event_id = $1', [eventId, hoursAgo(7 * 24)]);
      await prunerOf('editorial').pruneOnce();
      expect((await db.query('SELECT 1 FROM editorial.inbox WHERE event_id = $1', [eventId])).rowCount).toBe(1);

      const headers = Object.fromEntries(Object.entries(submitted.headers!).map(([name, value]) => [name, value!.toString()]));
      await produceRecords(Topics.drafts, { key: draft.id, value: submitted.value!.toString(), headers });
      // The withdrawal follows the copy on the story's partition: once it shows, the copy was consumed.
      await call('POST', `${await ingestion.getUrl()}/v1/drafts/${draft.id}/withdraw`, { token: alice });
      const withdrawn = await eventually(async () => {
        const review = await call('GET', reviewUrl, { token: editor });
        return review.body.status === 'withdrawn' ? review.body : undefined;
      });
      expect(withdrawn).toMatchObject({ revision: 1, queuedAt: queued.queuedAt });
      const inbox = await db.query('SELECT kafka_offset::text AS offset FROM editorial.inbox WHERE event_id = $1', [eventId]);
      expect(inbox.rows).toEqual([{ offset: submitted.offset }]);
    }, 60_000);
  });
});
