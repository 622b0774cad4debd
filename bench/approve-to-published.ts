// Time from an editor's approve request to an independent consumer receiving article.published,
// one story at a time (the latency a newsroom sees at ordinary load). Run with `npm run bench`.
import { randomUUID } from 'node:crypto';
import { ensureTopics } from '@newsroom/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { call, NewsroomStack, tokenFor } from '../test/support/newsroom-stack';
import { killLeftoverServices } from '../test/support/service-process';
import { percentile, printServiceLogs, runBench } from './bench-support';

const stories = Number(process.argv[process.argv.indexOf('--stories') + 1]) || 100;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

interface Arrival {
  received: number;
  producedAt: number;
}

function summary(label: string, values: number[]): string {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const fmt = (n: number) => `${n.toFixed(0)} ms`.padStart(8);
  return `${label.padEnd(44)} n ${sorted.length}  median ${fmt(percentile(sorted, 50))}  p90 ${fmt(percentile(sorted, 90))}  worst ${fmt(sorted[sorted.length - 1])}`;
}

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-downstream', brokers, logLevel: logLevel.NOTHING });
  const waiting = new Map<string, (arrival: Arrival) => void>();
  const reviewsAt = new Map<string, number>();
  // On a fresh broker the topics appear when the services first start; the consumer subscribes before that.
  await ensureTopics(kafka, ['newsroom.articles.v1', 'newsroom.reviews.v1'], { partitions: 6, replicationFactor: 1 });
  const downstream = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await downstream.connect();
  await downstream.subscribe({ topics: ['newsroom.articles.v1', 'newsroom.reviews.v1'], fromBeginning: true });
  await downstream.run({
    eachMessage: async ({ topic, message }) => {
      const subject = message.headers?.ce_subject?.toString() ?? '';
      const type = message.headers?.ce_type?.toString();
      if (topic === 'newsroom.reviews.v1' && type === 'newsroom.review.approved.v1') reviewsAt.set(subject, Number(message.timestamp));
      if (topic === 'newsroom.articles.v1') waiting.get(subject)?.({ received: Date.now(), producedAt: Number(message.timestamp) });
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
        body: { headline: `Retards en série : l’histoire n° ${n}`, body, language: 'fr', byline: { name: 'Alice Martin' } },
      });
      if (draft.status !== 201) throw new Error(`submit failed: ${draft.status} ${JSON.stringify(draft.body)}`);
      ids.push(draft.body.id);
    }
    for (const id of ids) {
      while ((await call('GET', `${stack.urls.editorial}/v1/reviews/${id}`, { token: editor })).status !== 200)
        await new Promise((r) => setTimeout(r, 20));
    }

    const endToEnd: number[] = [];
    const approvedAtById = new Map<string, number>();
    for (const id of ids) {
      const arrived = new Promise<Arrival>((resolve) => waiting.set(id, resolve));
      const approvedAt = Date.now();
      const approved = await call('POST', `${stack.urls.editorial}/v1/reviews/${id}/approve`, { token: editor, body: { revision: 1 } });
      if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
      const arrival = await Promise.race([
        arrived,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${id} not published in 30 s`)), 30_000)),
      ]);
      endToEnd.push(arrival.received - approvedAt);
      approvedAtById.set(id, approvedAt);
    }
    // The two topics are read independently: an approval can be read after its article.
    const deadline = Date.now() + 10_000;
    while (ids.some((id) => !reviewsAt.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const toReviewsTopic = ids.map((id) => (reviewsAt.get(id) ?? NaN) - approvedAtById.get(id)!);

    process.stdout.write(`\n${stories} stories, approved one at a time, on ${new Date().toISOString()}\n`);
    process.stdout.write(`${summary('approve request → review.approved on Kafka', toReviewsTopic)}\n`);
    process.stdout.write(`${summary('approve request → article.published received', endToEnd)}\n`);
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
