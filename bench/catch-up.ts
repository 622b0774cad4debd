// A consumer group reset: publication re-reads the reviews topic from its start and finds every event
// already in its inbox. Puts N approvals on the topic whose ce_ids the inbox already holds (as after
// they were applied once), starts publication with a new group, and times how long it takes the
// group to commit the topic's end on every partition: events skipped a second.
// `npm run bench -- catch-up [--events 100000] [--profile DIR]`
import { Topics, toKafkaRecord } from '@newsroom/contracts';
import { ensureTopics } from '@newsroom/messaging';
import { approvalEvent } from '@newsroom/test-factories';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { TEST_JWT_SECRET } from '../test/support/newsroom-stack';
import { killLeftoverServices, startServiceProcess, waitUntilReady } from '../test/support/service-process';
import { freePort } from '../test/support/test-env';
import { runBench } from './bench-support';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const events = arg('events', 100_000);
/** `--profile DIR`: publication runs under `node --cpu-prof` (see `npm run bench -- profile-top DIR`). */
const profileDir = process.argv.includes('--profile') ? resolve(process.argv[process.argv.indexOf('--profile') + 1]) : undefined;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Messages the topic holds now, per partition's end. */
async function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
  } finally {
    await admin.disconnect();
  }
}

/** How many of the topic's messages the group has committed past, summed over the partitions. */
async function committed(kafka: Kafka, groupId: string, topic: string, ends: Map<number, number>): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, { partition, offset }) => sum + Math.min(Number(offset), ends.get(partition) ?? 0), 0);
  } finally {
    await admin.disconnect();
  }
}

runBench(async () => {
  const kafka = new Kafka({ clientId: 'bench-catch-up', brokers, logLevel: logLevel.NOTHING });
  await ensureTopics(kafka, [Topics.reviews], { partitions: 6, replicationFactor: 1 });
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  // The approvals, applied once already: their ce_ids go into the inbox, the events onto the topic.
  const seeding = performance.now();
  const chunk = 2_000;
  for (let done = 0; done < events; done += chunk) {
    const batch = Array.from({ length: Math.min(chunk, events - done) }, () => approvalEvent(randomUUID()));
    await db.query(
      `INSERT INTO publication.inbox (event_id, event_type, topic, kafka_partition, kafka_offset)
       SELECT id, 'newsroom.review.approved.v1', $2, 0, 0 FROM unnest($1::text[]) AS id`,
      [batch.map((event) => event.id), Topics.reviews],
    );
    await producer.send({ topic: Topics.reviews, acks: -1, messages: batch.map((event) => toKafkaRecord(event)) });
  }
  await producer.disconnect();
  const ends = await topicEnds(kafka, Topics.reviews);
  const total = [...ends.values()].reduce((sum, end) => sum + end, 0);
  process.stdout.write(
    `seeded ${events} applied approvals in ${((performance.now() - seeding) / 1000).toFixed(1)} s; the topic holds ${total} events in all (earlier runs' included)\n`,
  );

  const inboxRows = async () => Number((await db.query('SELECT count(*) AS n FROM publication.inbox')).rows[0].n);
  const inboxBefore = await inboxRows();
  const groupId = `bench-catch-up-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const started = performance.now();
  const publication = startServiceProcess('publication', {
    HTTP_PORT: String(port),
    KAFKA_GROUP_ID: groupId,
    NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...(profileDir && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }),
  });
  try {
    await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, publication, 60_000);
    const ready = performance.now();
    let seen = 0;
    let last = { at: ready, seen: 0 };
    while (seen < total) {
      await sleep(1000);
      seen = await committed(kafka, groupId, Topics.reviews, ends);
      const now = performance.now();
      process.stdout.write(
        `  ${((now - ready) / 1000).toFixed(0).padStart(4)} s  ${seen} of ${total}  (${Math.round(((seen - last.seen) * 1000) / (now - last.at))} events/s)\n`,
      );
      last = { at: now, seen };
      if (now - ready > 900_000) throw new Error(`not caught up after 15 minutes: ${seen} of ${total}`);
    }
    const seconds = (performance.now() - ready) / 1000;
    process.stdout.write(
      `\ncaught up with ${total} events in ${seconds.toFixed(1)} s after ready (${((ready - started) / 1000).toFixed(1)} s to start): ` +
        `${Math.round(total / seconds)} events/s; ${(await inboxRows()) - inboxBefore} of them new to the inbox (applied), the rest skipped\n`,
    );
  } finally {
    publication.child.kill('SIGTERM');
    await publication.exited;
    killLeftoverServices();
    await db.end();
  }
});
