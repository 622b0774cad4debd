// Pruning a large outbox and inbox while a writer keeps committing: how long the rounds take, and
// whether the writer stalls meanwhile. Fills ingestion's tables in the bench database with rows past
// their retention, then prunes them as a service does (batches of 1,000) while one connection inserts
// an outbox row and an inbox row per transaction and records each commit's latency.
// `npm run bench -- prune [--rows 1000000] [--rows-per-second 5000] [--baseline-ms 30000]` (rows per table)
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TablePruner } from '@newsroom/messaging';
import { Client } from 'pg';
import { percentile, runBench } from './bench-support';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const rows = arg('rows', 1_000_000);
const baselineMs = arg('baseline-ms', 30_000);
const maxRowsPerSecond = arg('rows-per-second', 5_000);
const schema = 'ingestion';
const connectionString = process.env.DATABASE_URL!;
// About the size of a draft event's JSON: the rows' width matters to how fast they go.
const payload = JSON.stringify({
  headline: 'Retraites : qu’a vraiment promis le gouvernement ?',
  body: '<p>« Nous ne reculerons pas », a-t-elle dit.</p>'.repeat(12),
});

async function fill(db: Client): Promise<void> {
  const chunk = 100_000;
  for (let done = 0; done < rows; done += chunk) {
    const n = Math.min(chunk, rows - done);
    await db.query(
      `INSERT INTO ${schema}.outbox (event_id, topic, message_key, event_type, headers, payload, created_at, sent_at)
       SELECT gen_random_uuid(), 'newsroom.drafts.v1', gen_random_uuid()::text, 'newsroom.draft.submitted.v1', '{"ce_specversion":"1.0"}', $1,
              now() - interval '3 days', now() - interval '3 days' FROM generate_series(1, $2)`,
      [payload, n],
    );
    await db.query(
      `INSERT INTO ${schema}.inbox (event_id, event_type, topic, kafka_partition, kafka_offset, applied_at)
       SELECT gen_random_uuid()::text, 'newsroom.review.approved.v1', 'newsroom.reviews.v1', g % 6, g, now() - interval '10 days' FROM generate_series(1, $1) g`,
      [n],
    );
  }
  await db.query(`VACUUM ANALYZE ${schema}.outbox`);
  await db.query(`VACUUM ANALYZE ${schema}.inbox`);
  // The filling's own WAL would otherwise force checkpoints during the measurement, and be blamed on pruning.
  await db.query('CHECKPOINT');
}

/** Commits one outbox row and one inbox row per transaction until stopped; returns each commit's latency in ms. */
function writer(db: Client) {
  const latencies: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await db.query('BEGIN');
      const id = randomUUID();
      await db.query(
        `INSERT INTO ${schema}.outbox (event_id, topic, message_key, event_type, headers, payload) VALUES ($1, 'newsroom.drafts.v1', $2, 'bench', '{}', $3)`,
        [id, id, payload],
      );
      await db.query(
        `INSERT INTO ${schema}.inbox (event_id, event_type, topic, kafka_partition, kafka_offset) VALUES ($1, 'bench', 'bench', 0, 0)`,
        [randomUUID()],
      );
      await db.query('COMMIT');
      latencies.push(performance.now() - started);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return latencies;
    },
  };
}

/** Checkpoints so far (timed and requested): a commit that waits on one is not pruning's doing alone. */
async function checkpoints(db: Client): Promise<number> {
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query('SELECT (checkpoints_timed + checkpoints_req)::int AS n FROM pg_stat_bgwriter');
  return rows[0].n;
}

function describe(label: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const over = sorted.filter((ms) => ms > 50).length;
  return (
    `${label}: ${sorted.length} commits, p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, ` +
    `max ${sorted[sorted.length - 1].toFixed(1)} ms, above 50 ms ${over} (${((100 * over) / sorted.length).toFixed(3)} %)`
  );
}

runBench(async () => {
  const db = new Client({ connectionString });
  const writes = new Client({ connectionString });
  await db.connect();
  await writes.connect();
  await db.query(`TRUNCATE ${schema}.outbox, ${schema}.inbox`);
  const filling = performance.now();
  await fill(db);
  process.stdout.write(
    `filled ${rows} sent outbox rows and ${rows} inbox rows past retention in ${((performance.now() - filling) / 1000).toFixed(1)} s\n`,
  );

  const checkpointsAtStart = await checkpoints(db);
  const baseline = writer(writes);
  await new Promise((resolve) => setTimeout(resolve, baselineMs));
  const before = await baseline.stop();
  const checkpointsBefore = (await checkpoints(db)) - checkpointsAtStart;

  const pruner = new TablePruner({
    database: { connectionString, options: `-c search_path=${schema}` },
    schema,
    policy: { outboxRetentionHours: 24, inboxRetentionHours: 192, intervalMs: 60_000, maxRowsPerSecond },
  });
  const during = writer(writes);
  const started = performance.now();
  const result = await pruner.pruneOnce();
  const seconds = (performance.now() - started) / 1000;
  const latencies = await during.stop();
  const checkpointsDuring = (await checkpoints(db)) - checkpointsAtStart - checkpointsBefore;

  process.stdout.write(
    `pruned ${result?.outbox} outbox and ${result?.inbox} inbox rows in ${seconds.toFixed(1)} s ` +
      `(${Math.round(((result?.outbox ?? 0) + (result?.inbox ?? 0)) / seconds)} rows/s, batches of 1,000, at most ${maxRowsPerSecond} rows/s)\n`,
  );
  process.stdout.write(
    `${describe('writer without pruning', before)}; ${checkpointsBefore} checkpoint(s) meanwhile\n` +
      `${describe('writer while pruning', latencies)}; ${checkpointsDuring} checkpoint(s) meanwhile\n`,
  );
  await db.query(`TRUNCATE ${schema}.outbox, ${schema}.inbox`);
  await db.end();
  await writes.end();
});
