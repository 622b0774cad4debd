import { deadLetterTopic } from '@newsroom/contracts';
import { Client, ClientConfig } from 'pg';
import { IHeaders, Kafka, KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import { createKafka, KafkaConnectionOptions } from '../kafka/kafka-connection';

/** One message on a consumer's dead-letter topic, with what an operator decided about it, if anything. */
export interface DeadLetter {
  /** `<dead-letter topic>/<partition>/<offset>`: stable for as long as the topic keeps the message. */
  id: string;
  /** Where the event was consumed from, and where a replay sends it. */
  topic: string;
  reason: string;
  eventId?: string;
  eventType?: string;
  subject?: string;
  deadLetteredAt: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  decision?: { decision: 'replayed' | 'discarded'; reason: string; decidedAt: string };
}

export interface DeadLetterFilter {
  /** These letters only, decided or not (an operator may replay one again). */
  ids?: readonly string[];
  /** Substring of the dead-letter reason. */
  reason?: string;
  eventType?: string;
  subject?: string;
  /** Include letters already replayed or discarded (always the case with ids). */
  includeDecided?: boolean;
}

export interface DeadLetterDeskOptions {
  connection: KafkaConnectionOptions;
  /** The service's own database connection: its schema holds the decisions table. */
  database: ClientConfig;
  schema: string;
  /** The consuming service, whose dead-letter topics these are. */
  consumer: string;
  /** The topics it consumes. */
  topics: readonly string[];
  /** The consumer group whose letters these are (`dlq_consumer`); letters another group refused are someone else's. */
  consumerGroup: string;
  /**
   * The consumer group that reads the dead-letter topics: it commits nothing, so every read starts
   * from the beginning; one name, so that a literal Kafka ACL grants it.
   */
  groupId: string;
  /** A letter replayed longer ago than this may no longer be known to the inbox: it is not replayed again. */
  inboxRetentionHours?: number;
  /** How long reading a dead-letter topic to its end may take. */
  readTimeoutMs?: number;
}

const DEAD_LETTER_HEADERS = ['dlq_reason', 'dlq_topic', 'dlq_partition', 'dlq_offset', 'dlq_consumer'];

export function headerText(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** The message as it stood before it was dead-lettered: the consumer's dlq_* headers removed. */
function originalHeaders(headers: IHeaders): IHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !DEAD_LETTER_HEADERS.includes(name)));
}

function matches(letter: DeadLetter, filter: DeadLetterFilter): boolean {
  if (filter.ids) return filter.ids.includes(letter.id);
  if (letter.decision && !filter.includeDecided) return false;
  if (filter.reason !== undefined && !letter.reason.includes(filter.reason)) return false;
  if (filter.eventType !== undefined && letter.eventType !== filter.eventType) return false;
  if (filter.subject !== undefined && letter.subject !== filter.subject) return false;
  return true;
}

/**
 * An operator's view of a consumer's dead letters: read from its dead-letter topics, replayed to
 * the topic they came from (the consumer's inbox makes a second replay harmless) or discarded,
 * each decision recorded with its reason in the service's schema.
 */
export class DeadLetterDesk {
  private readonly db: Client;
  private readonly kafka: Kafka;
  private connected = false;

  constructor(private readonly options: DeadLetterDeskOptions) {
    this.db = new Client(options.database);
    // An operator's command: kafkajs's connection chatter would bury its output.
    this.kafka = createKafka(options.connection, { logLevel: logLevel.ERROR });
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    const letters = await this.read();
    const decisions = await this.decisions(letters.map((letter) => letter.id));
    // A decision is about the letter it was taken on: a topic created again (a new broker, a restored cluster)
    // reuses offsets, and another event at the same place is a new letter.
    for (const letter of letters) {
      const decided = decisions.get(letter.id);
      letter.decision = decided && decided.eventId === (letter.eventId ?? null) ? decided.decision : undefined;
    }
    return letters.filter((letter) => headerText(letter.headers, 'dlq_consumer') === this.options.consumerGroup && matches(letter, filter));
  }

  /** Sends each matching letter back to its topic as it first arrived, and records the replay. */
  async replay(filter: DeadLetterFilter, reason = 'replayed'): Promise<DeadLetter[]> {
    const letters = await this.list(filter);
    if (letters.length === 0) return [];
    const forgotten = letters.filter((letter) => this.mayBeForgotten(letter));
    if (forgotten.length > 0) {
      throw new Error(
        `not replayed: ${forgotten.map((letter) => letter.id).join(', ')} were replayed longer ago than the inbox remembers (INBOX_RETENTION_HOURS), so a new replay could apply them twice`,
      );
    }
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (const letter of letters) {
        await producer.send({
          topic: letter.topic,
          acks: -1,
          messages: [{ key: letter.key, value: letter.value, headers: originalHeaders(letter.headers) }],
        });
        await this.decide(letter, 'replayed', reason);
      }
    } finally {
      await producer.disconnect();
    }
    return letters;
  }

  private mayBeForgotten(letter: DeadLetter): boolean {
    const hours = this.options.inboxRetentionHours;
    if (letter.decision?.decision !== 'replayed' || hours === undefined) return false;
    return Date.now() - Date.parse(letter.decision.decidedAt) > hours * 3_600_000;
  }

  /** Records that the matching letters are not to be replayed, and why. */
  async discard(filter: DeadLetterFilter, reason: string): Promise<DeadLetter[]> {
    if (!reason.trim()) throw new Error('a discard needs a reason');
    const letters = await this.list(filter);
    for (const letter of letters) await this.decide(letter, 'discarded', reason);
    return letters;
  }

  async close(): Promise<void> {
    if (this.connected) await this.db.end().catch(() => undefined);
    this.connected = false;
  }

  private async query<R extends object>(sql: string, values: unknown[]): Promise<R[]> {
    if (!this.connected) {
      await this.db.connect();
      this.connected = true;
    }
    return (await this.db.query<R>(sql, values)).rows;
  }

  private async decisions(ids: string[]): Promise<Map<string, { eventId: string | null; decision: NonNullable<DeadLetter['decision']> }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{
      dead_letter_id: string;
      decision: 'replayed' | 'discarded';
      reason: string;
      event_id: string | null;
      decided_at: Date;
    }>(
      `SELECT dead_letter_id, decision, reason, event_id, decided_at FROM "${this.options.schema}".dead_letter_decisions WHERE dead_letter_id = ANY($1)`,
      [ids],
    );
    return new Map(
      rows.map((row) => [
        row.dead_letter_id,
        { eventId: row.event_id, decision: { decision: row.decision, reason: row.reason, decidedAt: row.decided_at.toISOString() } },
      ]),
    );
  }

  private async decide(letter: DeadLetter, decision: 'replayed' | 'discarded', reason: string): Promise<void> {
    await this.query(
      `INSERT INTO "${this.options.schema}".dead_letter_decisions (dead_letter_id, decision, reason, event_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (dead_letter_id) DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason, event_id = EXCLUDED.event_id, decided_at = now()`,
      [letter.id, decision, reason, letter.eventId ?? null],
    );
  }

  /** Everything the dead-letter topics hold now, read to their current ends by a group that commits nothing. */
  private async read(): Promise<DeadLetter[]> {
    const { consumer: service, topics, groupId } = this.options;
    const kafka = this.kafka;
    const deadLetterTopics = topics.map((topic) => deadLetterTopic(topic, service));
    const admin = kafka.admin();
    await admin.connect();
    const remaining = new Map<string, bigint>();
    try {
      const existing = new Set(await admin.listTopics());
      for (const topic of deadLetterTopics.filter((name) => existing.has(name))) {
        for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(high) > BigInt(low)) remaining.set(`${topic}/${partition}`, BigInt(high) - 1n);
        }
      }
    } finally {
      await admin.disconnect();
    }
    if (remaining.size === 0) return [];

    const reader = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    const letters: DeadLetter[] = [];
    await reader.connect();
    try {
      await reader.subscribe({
        topics: [...new Set([...remaining.keys()].map((key) => key.slice(0, key.lastIndexOf('/'))))],
        fromBeginning: true,
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading the dead-letter topics took longer than ${this.options.readTimeoutMs ?? 30_000} ms`)),
          this.options.readTimeoutMs ?? 30_000,
        );
        void reader
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const key = `${topic}/${partition}`;
              const last = remaining.get(key);
              if (last === undefined || BigInt(message.offset) > last) return;
              letters.push(toDeadLetter(topic, partition, message));
              if (BigInt(message.offset) === last) remaining.delete(key);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await reader.disconnect();
    }
    letters.sort((a, b) => a.deadLetteredAt.localeCompare(b.deadLetteredAt) || a.id.localeCompare(b.id));
    // A consumer killed right after dead-lettering reads the message again and may dead-letter it twice: one letter per origin.
    const seen = new Set<string>();
    return letters.filter((letter) => {
      const origin = ['dlq_topic', 'dlq_partition', 'dlq_offset', 'dlq_consumer'].map((name) => headerText(letter.headers, name)).join('/');
      if (seen.has(origin)) return false;
      seen.add(origin);
      return true;
    });
  }
}

function toDeadLetter(deadLetterTopicName: string, partition: number, message: KafkaMessage): DeadLetter {
  const headers = message.headers ?? {};
  return {
    id: `${deadLetterTopicName}/${partition}/${message.offset}`,
    topic: headerText(headers, 'dlq_topic') ?? deadLetterTopicName.replace(/\.[^.]+\.dlq$/, ''),
    reason: headerText(headers, 'dlq_reason') ?? '',
    eventId: headerText(headers, 'ce_id'),
    eventType: headerText(headers, 'ce_type'),
    subject: headerText(headers, 'ce_subject'),
    deadLetteredAt: new Date(Number(message.timestamp)).toISOString(),
    key: message.key,
    value: message.value,
    headers,
  };
}
