import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { DEAD_LETTER_TOPIC_CONFIG, ensureTopics } from '@newsroom/messaging';

/** One message as the recorder saw it; headers as text, the first value when a header repeats. */
export interface RecordedMessage {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
  headers: Record<string, string>;
  value?: Buffer;
  size: number;
}

export interface TopicRecorderOptions {
  /**
   * Create missing topics before subscribing (default true). A subscription alone would let a broker
   * with auto-creation make a one-partition topic, which the services would then accept as it is.
   */
  createTopics?: boolean;
  partitions?: number;
  replicationFactor?: number;
}

const MAX_REBUILD_BACKOFF_MS = 10_000;

/** Keeps one copy of each (topic, partition, offset): the recorder may see a message again after a rebuild. */
export function dedupByOffset(messages: RecordedMessage[]): RecordedMessage[] {
  const seen = new Set<string>();
  return messages.filter((message) => {
    const where = `${message.topic}\u0000${message.partition}\u0000${message.offset}`;
    if (seen.has(where)) return false;
    seen.add(where);
    return true;
  });
}

function recordedFrom(topic: string, partition: number, message: KafkaMessage): RecordedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8'),
    headers: headerTexts(message.headers),
    value: message.value ?? undefined,
    size: message.value?.length ?? 0,
  };
}

function headerTexts(headers: IHeaders | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first !== undefined) texts[name] = first.toString();
  }
  return texts;
}

/**
 * An independent downstream consumer that writes down everything on some topics while a scenario
 * kills brokers and services around it. It must outlive all of that, or the spec would blame the
 * system for messages the recorder missed; so it rebuilds itself whenever kafkajs gives up.
 */
export class TopicRecorder {
  private readonly recorded: RecordedMessage[] = [];
  private readonly kafka: Kafka;
  private readonly groupId: string;
  private consumer?: Consumer;
  /** Consumers kafkajs gave up on; one can die while its rebuild is still starting it. */
  private readonly dead = new WeakSet<Consumer>();
  private closed = false;
  private rebuilding?: Promise<void>;

  private constructor(
    brokers: string[],
    private readonly topics: string[],
    label: string,
  ) {
    this.kafka = new Kafka({
      clientId: `fault-recorder-${label}`,
      brokers,
      // A killed broker makes kafkajs log plenty; the services' own logs are what the suite checks.
      logLevel: logLevel.NOTHING,
      // A broker down for ~10 s must be waited out rather than turned into a crash.
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 },
      connectionTimeout: 3_000,
    });
    // One group id for the recorder's whole life, so a rebuilt consumer carries on from committed offsets.
    this.groupId = `fault-recorder-${label}-${randomUUID()}`;
  }

  static async open(brokers: string[], topics: string[], label: string, options: TopicRecorderOptions = {}): Promise<TopicRecorder> {
    const recorder = new TopicRecorder(brokers, topics, label);
    if (options.createTopics ?? true) {
      const layout = { partitions: options.partitions ?? 6, replicationFactor: options.replicationFactor ?? 1 };
      // Dead-letter topics get the same larger message limit the services give them, or an oversize dead letter would not fit.
      const specs = topics.map((topic) => (topic.endsWith('.dlq') ? { topic, config: DEAD_LETTER_TOPIC_CONFIG } : { topic }));
      await ensureTopics(recorder.kafka, specs, layout);
    }
    await recorder.start();
    return recorder;
  }

  /** Everything recorded, in arrival order, duplicates included. */
  messages(topic?: string): RecordedMessage[] {
    return topic === undefined ? [...this.recorded] : this.recorded.filter((message) => message.topic === topic);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.rebuilding;
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: 100,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // Creating topics is open()'s job, with the right partition count.
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 },
    });
    // kafkajs restarts itself after a retriable crash; only when it gives up for good must we step in.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.dead.add(consumer);
      if (consumer === this.consumer) this.rebuild();
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.recorded.push(recordedFrom(topic, partition, message));
      },
    });
  }

  /** Replaces the consumer until a new one runs, backing off while the broker stays away. */
  private rebuild(): void {
    if (this.rebuilding || this.closed) return;
    this.rebuilding = (async () => {
      for (let backoff = 500; !this.closed; backoff = Math.min(backoff * 2, MAX_REBUILD_BACKOFF_MS)) {
        const old = this.consumer;
        this.consumer = undefined;
        // A disconnect can hang on a dead broker; the old consumer is abandoned after a few seconds either way.
        await Promise.race([old?.disconnect().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
        try {
          await this.start();
          if (this.consumer && !this.dead.has(this.consumer)) return;
          await new Promise((resolve) => setTimeout(resolve, backoff));
        } catch {
          // The broker is still away: try again after the backoff.
          await new Promise((resolve) => setTimeout(resolve, backoff));
        }
      }
    })().finally(() => {
      this.rebuilding = undefined;
      // A crash that came after the loop's last look would otherwise go unanswered.
      if (this.consumer && this.dead.has(this.consumer)) this.rebuild();
    });
  }
}
