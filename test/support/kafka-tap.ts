import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { CloudEvent, KafkaRecord, toKafkaRecord, Topics } from '@newsroom/contracts';
import { ensureTopics } from '@newsroom/messaging';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'newsroom-tests', brokers, logLevel: logLevel.NOTHING });

export type TappedMessage = KafkaMessage & { partition: number };

/** Reads a topic from its beginning with plain kafkajs, as a downstream consumer would. */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async open(topic: string): Promise<TopicTap> {
    // On a fresh broker the topic appears only when a service first starts; the tap may come first.
    await ensureTopics(kafka, [topic], { partitions: 6, replicationFactor: 1 });
    const consumer = kafka.consumer({ groupId: `tap-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const tap = new TopicTap(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void tap.messages.push({ ...message, partition }) });
    return tap;
  }

  about(storyId: string): TappedMessage[] {
    return this.messages.filter((message) => message.key?.toString() === storyId);
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }
}

export const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

let producer: Producer | undefined;

/** Puts events on a topic as another service's relay would, bypassing any outbox. */
export async function produce(topic: string, ...events: CloudEvent[]): Promise<void> {
  await produceRecords(topic, ...events.map(toKafkaRecord));
}

/** Puts raw records on a topic, e.g. a poison message no contract would let `produce` build. */
export async function produceRecords(topic: string, ...records: (KafkaRecord & { partition?: number })[]): Promise<void> {
  if (!producer) {
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }
  await producer.send({ topic, acks: -1, messages: records });
}

export async function closeProducer(): Promise<void> {
  await producer?.disconnect();
  producer = undefined;
}

/**
 * Commits, for consumer groups that do not exist yet, the current end of every Newsroom event topic, so
 * that services started under them begin with what comes next instead of replaying everything earlier
 * suites produced (thousands of events, after a full run). Topics not created yet have nothing to skip.
 */
export async function groupsStartAtTopicEnd(groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = [Topics.drafts, Topics.reviews, Topics.articles].filter((topic) => existing.has(topic));
    // The end as numbers: resetOffsets commits -1 ("latest"), which a consumer reads as no offset at all and
    // replaces with its own default, the topic's beginning for the services.
    // setOffsets joins the group with a consumer of its own and takes some 5 s to leave it: the groups in
    // parallel (one topic at a time within a group, which a second consumer would rebalance).
    const ends = await Promise.all(
      topics.map(async (topic) => ({
        topic,
        partitions: (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high })),
      })),
    );
    await Promise.all(
      groupIds.map(async (groupId) => {
        for (const { topic, partitions } of ends) await admin.setOffsets({ groupId, topic, partitions });
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/** The offsets a consumer group has committed on a topic's partitions (the next each will read; -1 where none). */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Resolves once `groupId` has committed, on every partition of `topic`, at least the end the topic had when called. */
export async function caughtUp(groupId: string, topic: string, timeoutMs = 120_000): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const committed = await committedOffsets(groupId, topic);
      if (ends.every(({ partition, high }) => Number(high) === 0 || (committed.get(partition) ?? -1) >= Number(high))) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await admin.disconnect();
  }
}
