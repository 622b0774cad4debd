// Stories a second through the whole pipeline, and what each process spends on one, beside the
// machine's own ceilings measured in the same run: Postgres (pgbench, simple updates) and Kafka
// (its EndToEndLatency tool). C workers each submit a draft, wait until editorial has it and approve
// it as another user; an independent plain-kafkajs consumer notes every article.published.
// `npm run bench -- throughput [--stories 3000 | --seconds 60] [--concurrency 32] [--profile DIR] [--no-ceilings]`
// (then `npm run bench -- profile-top DIR` lists where each service's CPU went)
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureTopics } from '@newsroom/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { call, NewsroomStack, tokenFor } from '../test/support/newsroom-stack';
import { killLeftoverServices } from '../test/support/service-process';
import { percentile, printServiceLogs, runBench } from './bench-support';

const option = (name: string): number | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : undefined;
};
const seconds = option('seconds');
/** `--no-ceilings`: the pipeline only (CI runs it so, for lost and duplicated stories). */
const measureCeilings = !process.argv.includes('--no-ceilings');
/** `--profile DIR`: each service runs under `node --cpu-prof` and writes its profile there when it stops. */
const profileDir = process.argv.includes('--profile') ? resolve(process.argv[process.argv.indexOf('--profile') + 1]) : undefined;
const stories = seconds ? Infinity : (option('stories') ?? 3000);
const concurrency = option('concurrency') ?? 32;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const repoRoot = join(__dirname, '..');
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system, ms) a process has used, and its resident memory (MiB). */
function processUse(pid: number, withChildren = false): { cpuMs: number; rssMiB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuMs: (ticks * 1000) / CLOCK_TICKS, rssMiB: rss ? Number(rss[1]) / 1024 : 0 };
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** Every PostgreSQL process: the postmaster counts the CPU of backends that have exited, the live ones their own. */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'postgres' && !comm.startsWith('postgres:')) continue;
    const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    const isPostmaster = readFileSync(`/proc/${parent}/comm`, 'utf8').trim() !== 'postgres';
    total += processUse(Number(entry), isPostmaster)?.cpuMs ?? 0;
  }
  return total;
}

function brokerPid(): number {
  const port = brokers[0].split(':')[1];
  return JSON.parse(readFileSync(join(repoRoot, '.cache', 'kafka', `broker-${port}.pid`), 'utf8')).pid;
}

/** pgbench's simple-update transactions a second with 16 clients, on a scratch database. */
async function pgbenchTps(): Promise<string> {
  const cliScripts: string = join(repoRoot, 'scripts', 'lib', 'cli.mjs'); // plain JS, untyped
  const { ensureDebianCommand } = await import(cliScripts);
  const missing: string | undefined = ensureDebianCommand('pgbench', 'postgresql-client');
  if (missing) return `unavailable (${missing})`;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/newsroom_bench');
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
  spawnSync('dropdb', [...connection, '--if-exists', 'newsroom_pgbench']);
  spawnSync('createdb', [...connection, 'newsroom_pgbench']);
  const init = spawnSync('pgbench', [...connection, '-i', '-q', '-s', '16', 'newsroom_pgbench'], { encoding: 'utf8' });
  if (init.status !== 0) return `unavailable (pgbench -i: ${init.stderr.trim()})`;
  const run = spawnSync('pgbench', [...connection, '-N', '-c', '16', '-j', '2', '-T', '10', 'newsroom_pgbench'], { encoding: 'utf8' });
  spawnSync('dropdb', [...connection, '--if-exists', 'newsroom_pgbench']);
  const tps = /tps = ([\d.]+)/.exec(run.stdout);
  return tps ? `${Number(tps[1]).toFixed(0)} tps` : `unavailable (${run.stderr.trim()})`;
}

/** Kafka's own end-to-end latency tool (produce with acks=all, consume, one record at a time). */
async function kafkaEndToEnd(kafka: Kafka): Promise<string> {
  const brokerScripts: string = join(repoRoot, 'scripts', 'lib', 'kafka-broker.mjs'); // plain JS, untyped
  const { resolveKafkaToolJars } = await import(brokerScripts);
  const tools: string = resolveKafkaToolJars();
  const topic = `bench-e2e-${randomUUID().slice(0, 8)}`;
  await ensureTopics(kafka, [topic], { partitions: 1, replicationFactor: 1 });
  const run = spawnSync(
    'java',
    ['-cp', join(tools, '*'), 'org.apache.kafka.tools.EndToEndLatency', brokers.join(','), topic, '5000', 'all', '512'],
    {
      encoding: 'utf8',
    },
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const average = /Avg latency: ([\d.]+) ms/.exec(run.stdout)?.[1];
  const percentiles = /Percentiles: 50th = (\d+), 99th = (\d+), 99.9th = (\d+)/.exec(run.stdout);
  if (!average || !percentiles) return `unavailable (${(run.stderr || run.stdout).trim().split('\n').pop()})`;
  return `average ${Number(average).toFixed(2)} ms, p50 ${percentiles[1]} ms, p99 ${percentiles[2]} ms, p99.9 ${percentiles[3]} ms (5,000 records of 512 B, acks=all)`;
}

/** Node names a profile CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: renamed after its service (and thread). */
function nameProfiles(dir: string, stack: NewsroomStack): void {
  const services = new Map([...stack.processes].map(([service, proc]) => [String(proc.child.pid), service]));
  for (const file of readdirSync(dir)) {
    const [, pid, thread] = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(file) ?? [];
    const service = services.get(pid);
    if (service)
      renameSync(join(dir, file), join(dir, thread === '0' ? `${service}.cpuprofile` : `${service}-thread-${thread}.cpuprofile`));
  }
  process.stdout.write(`\nprofiles in ${dir} (npm run bench -- profile-top ${dir})\n`);
}

async function commits(db: Client): Promise<number> {
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query('SELECT sum(xact_commit)::bigint AS n FROM pg_stat_database');
  return Number(rows[0].n);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-downstream', brokers, logLevel: logLevel.NOTHING });
  if (measureCeilings) {
    process.stdout.write(`\nceilings, measured first:\n  postgres  pgbench simple-update, 16 clients: ${await pgbenchTps()}\n`);
    process.stdout.write(`  kafka     EndToEndLatency: ${await kafkaEndToEnd(kafka)}\n`);
  }

  const published = new Map<string, { receivedAt: number; ids: Set<string> }>();
  await ensureTopics(kafka, ['newsroom.articles.v1', 'newsroom.reviews.v1', 'newsroom.drafts.v1'], { partitions: 6, replicationFactor: 1 });
  const downstream = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await downstream.connect();
  await downstream.subscribe({ topics: ['newsroom.articles.v1'], fromBeginning: false });
  await downstream.run({
    eachMessage: async ({ message }) => {
      if (message.headers?.ce_type?.toString() !== 'newsroom.article.published.v1') return;
      const subject = message.headers?.ce_subject?.toString() ?? '';
      const seen = published.get(subject) ?? { receivedAt: Date.now(), ids: new Set<string>() };
      seen.ids.add(message.headers?.ce_id?.toString() ?? '');
      published.set(subject, seen);
    },
  });

  const profiling: Record<string, string> = profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {};
  const stack = await NewsroomStack.start({ LOG_LEVEL: 'warn', ...profiling });
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const pids = {
      ingestion: stack.processes.get('ingestion')!.child.pid!,
      editorial: stack.processes.get('editorial')!.child.pid!,
      publication: stack.processes.get('publication')!.child.pid!,
      broker: brokerPid(),
      bench: process.pid,
    };
    const body =
      '<p>« Le train de 8\u00a0h 12 n’est jamais parti », raconte Émile, qui attend sur le quai depuis l’aube.</p>' +
      '<p>À la gare, l’attente s’éternise ; les voyageurs s’organisent, café à la main.</p>';
    const workers = await Promise.all(
      Array.from({ length: concurrency }, async (_, n) => ({
        journalist: await tokenFor(`bench-j-${n}-${randomUUID()}`, 'Alice Martin', ['journalist']),
        editor: await tokenFor(`bench-e-${n}-${randomUUID()}`, 'Bruno Lefèvre', ['editor']),
      })),
    );

    const approvedAt = new Map<string, number>();
    const completions: number[] = [];
    let started = 0;
    let polls = 0; // GETs of a review that editorial did not have yet
    let stop = false;
    const work = async (worker: (typeof workers)[number], warmup: boolean) => {
      const id = randomUUID();
      const draft = await call('POST', `${stack.urls.ingestion}/v1/drafts`, {
        token: worker.journalist,
        body: { headline: `Retards en série : l’histoire ${id.slice(0, 8)}`, body, language: 'fr', byline: { name: 'Alice Martin' } },
      });
      if (draft.status !== 201) throw new Error(`submit failed: ${draft.status} ${JSON.stringify(draft.body)}`);
      for (
        let wait = 2;
        (await call('GET', `${stack.urls.editorial}/v1/reviews/${draft.body.id}`, { token: worker.editor })).status !== 200;
      ) {
        if (!warmup) polls++;
        await sleep(wait);
        wait = Math.min(wait * 2, 50);
      }
      const at = Date.now();
      const approved = await call('POST', `${stack.urls.editorial}/v1/reviews/${draft.body.id}/approve`, {
        token: worker.editor,
        body: { revision: 1 },
      });
      if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
      if (!warmup) {
        approvedAt.set(draft.body.id, at);
        completions.push(Date.now());
      }
    };

    // A short warm-up (JIT, pools, connections), not counted.
    await Promise.all(workers.map(async (worker) => work(worker, true)));
    const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processUse(pid)!]));
    const postgresBefore = postgresCpuMs();
    const commitsBefore = await commits(db);
    const startedAt = Date.now();
    if (seconds) setTimeout(() => (stop = true), seconds * 1000);
    await Promise.all(
      workers.map(async (worker) => {
        while (!stop && started < stories) {
          started++;
          await work(worker, false);
        }
      }),
    );
    const approvedAll = Date.now();
    const ids = [...approvedAt.keys()];
    const deadline = Date.now() + 60_000;
    while (ids.some((id) => !published.has(id)) && Date.now() < deadline) await sleep(50);
    const finishedAt = Date.now();
    await sleep(1500); // Postgres's statistics reach pg_stat_database within a second
    const after = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processUse(pid)!]));
    const postgresAfter = postgresCpuMs();
    const commitsAfter = await commits(db);

    const count = ids.length;
    const lost = ids.filter((id) => !published.has(id)).length;
    const duplicated = ids.filter((id) => (published.get(id)?.ids.size ?? 0) > 1).length;
    // The steady part: the middle 80 % of approvals, without the ramp-up and the tail.
    const sorted = [...completions].sort((a, b) => a - b);
    const first = sorted[Math.floor(count * 0.1)];
    const last = sorted[Math.floor(count * 0.9)];
    const steady = ((Math.floor(count * 0.9) - Math.floor(count * 0.1)) * 1000) / Math.max(1, last - first);
    const latencies = ids
      .filter((id) => published.has(id))
      .map((id) => published.get(id)!.receivedAt - approvedAt.get(id)!)
      .sort((a, b) => a - b);

    const out = process.stdout;
    out.write(
      `\n${count} stories at concurrency ${concurrency} in ${((approvedAll - startedAt) / 1000).toFixed(1)} s, ${new Date().toISOString()}\n`,
    );
    out.write(`  steady throughput          ${steady.toFixed(1)} stories/s (middle 80 % of approvals)\n`);
    out.write(
      `  overall                    ${((count * 1000) / (finishedAt - startedAt)).toFixed(1)} stories/s (first submit → last article received)\n`,
    );
    out.write(
      `  approve → consumer         p50 ${percentile(latencies, 50)} ms  p99 ${percentile(latencies, 99)} ms  worst ${latencies.at(-1)} ms\n`,
    );
    out.write(`  lost ${lost}, duplicated ${duplicated}\n`);
    out.write(`  review polls per story     ${(polls / count).toFixed(1)} (404s while editorial had not yet taken the draft in)\n`);
    out.write(
      `  Postgres commits per story ${((commitsAfter - commitsBefore) / count).toFixed(1)} (all databases, the bench's own reads included)\n`,
    );
    out.write(`\n  CPU ms per story          RSS MiB before → after\n`);
    let total = 0;
    for (const name of Object.keys(pids)) {
      const cpu = (after[name].cpuMs - before[name].cpuMs) / count;
      if (name !== 'bench') total += cpu;
      out.write(
        `  ${name.padEnd(12)} ${cpu.toFixed(2).padStart(8)}       ${before[name].rssMiB.toFixed(0).padStart(5)} → ${after[name].rssMiB.toFixed(0)}\n`,
      );
    }
    const postgres = (postgresAfter - postgresBefore) / count;
    total += postgres;
    out.write(`  ${'postgres'.padEnd(12)} ${postgres.toFixed(2).padStart(8)}       (every postgres process on the machine)\n`);
    out.write(`  ${'pipeline'.padEnd(12)} ${total.toFixed(2).padStart(8)}       (services, broker and postgres; the bench driver apart)\n`);
    if (lost > 0 || duplicated > 0) process.exitCode = 1;
  } catch (err) {
    printServiceLogs(stack);
    throw err;
  } finally {
    await db.end();
    await stack.stop();
    await downstream.disconnect();
    killLeftoverServices();
    if (profileDir) nameProfiles(profileDir, stack);
  }
}

runBench(main);
