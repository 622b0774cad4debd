// How late a scheduled (embargoed) story goes out: journalists submit, an editor approves each with a
// `publishAt` a few seconds ahead (in bursts of 10 sharing one instant, as a morning edition does), and
// an independent consumer notes when `article.published` reaches it. Lateness = arrival − publishAt.
// `npm run bench -- scheduled-lateness [--stories 60]`
import { randomUUID } from 'node:crypto';
import { ensureTopics } from '@newsroom/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { call, NewsroomStack, tokenFor } from '../test/support/newsroom-stack';
import { killLeftoverServices } from '../test/support/service-process';
import { percentile, printServiceLogs, runBench } from './bench-support';

const stories = Number(process.argv[process.argv.indexOf('--stories') + 1]) || 60;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const BURST = 10;

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = (n: number) => `${n.toFixed(0)} ms`.padStart(8);
  return `${label.padEnd(40)} n ${sorted.length}  median ${fmt(percentile(sorted, 50))}  p90 ${fmt(percentile(sorted, 90))}  worst ${fmt(sorted[sorted.length - 1])}  earliest ${fmt(sorted[0])}`;
}

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-downstream', brokers, logLevel: logLevel.NOTHING });
  const arrivals = new Map<string, { received: number; sent: number }>();
  await ensureTopics(kafka, ['newsroom.articles.v1'], { partitions: 6, replicationFactor: 1 });
  const downstream = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await downstream.connect();
  await downstream.subscribe({ topics: ['newsroom.articles.v1'], fromBeginning: false });
  await downstream.run({
    eachMessage: async ({ message }) => {
      if (message.headers?.ce_type?.toString() !== 'newsroom.article.published.v1') return;
      const subject = message.headers?.ce_subject?.toString() ?? '';
      if (!arrivals.has(subject)) arrivals.set(subject, { received: Date.now(), sent: Number(message.timestamp) });
    },
  });

  const stack = await NewsroomStack.start({ LOG_LEVEL: 'warn' });
  try {
    const journalist = await tokenFor(`bench-j-${randomUUID()}`, 'Alice Martin', ['journalist']);
    const editor = await tokenFor(`bench-e-${randomUUID()}`, 'Bruno Lefèvre', ['editor']);
    const body = '<p>« Le train de 8\u00a0h 12 n’est jamais parti », raconte Émile.</p><p>À la gare, l’attente s’éternise.</p>';
    const ids: string[] = [];
    for (let n = 0; n < stories; n++) {
      const draft = await call('POST', `${stack.urls.ingestion}/v1/drafts`, {
        token: journalist,
        body: { headline: `Sous embargo : l’histoire n° ${n}`, body, language: 'fr', byline: { name: 'Alice Martin' } },
      });
      if (draft.status !== 201) throw new Error(`submit failed: ${draft.status} ${JSON.stringify(draft.body)}`);
      ids.push(draft.body.id);
    }
    for (const id of ids) {
      while ((await call('GET', `${stack.urls.editorial}/v1/reviews/${id}`, { token: editor })).status !== 200)
        await new Promise((r) => setTimeout(r, 20));
    }

    const publishAt = new Map<string, number>();
    const start = Date.now() + 5000;
    for (const [n, id] of ids.entries()) {
      // Bursts of BURST stories at one instant, one burst every 700 ms.
      const at = new Date(start + Math.floor(n / BURST) * 700);
      const approved = await call('POST', `${stack.urls.editorial}/v1/reviews/${id}/approve`, {
        token: editor,
        body: { revision: 1, publishAt: at.toISOString() },
      });
      if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
      publishAt.set(id, at.getTime());
    }
    if (Date.now() > start) throw new Error('approving took longer than the 5 s lead: raise it or lower --stories');

    const deadline = Math.max(...publishAt.values()) + 15_000;
    while (ids.some((id) => !arrivals.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const missing = ids.filter((id) => !arrivals.has(id));
    if (missing.length) throw new Error(`${missing.length} scheduled stories never published`);

    process.stdout.write(`\n${stories} stories scheduled in bursts of ${BURST}, on ${new Date().toISOString()}\n`);
    process.stdout.write(
      `${summary(
        'publishAt → article.published sent',
        ids.map((id) => arrivals.get(id)!.sent - publishAt.get(id)!),
      )}\n`,
    );
    process.stdout.write(
      `${summary(
        'publishAt → article.published received',
        ids.map((id) => arrivals.get(id)!.received - publishAt.get(id)!),
      )}\n`,
    );
  } catch (err) {
    printServiceLogs(stack);
    throw err;
  } finally {
    await stack.stop();
    await downstream.disconnect();
    killLeftoverServices();
  }
}

runBench(main);
