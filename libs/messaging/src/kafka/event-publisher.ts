import { CloudEvent, toKafkaRecord } from '@newsroom/contracts';
import { Kafka, Partitioners, Producer } from 'kafkajs';

/** One Kafka record as the relay stored it: already serialised, with its CloudEvents headers. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  /** Null: a tombstone, which removes the key from a compacted topic. */
  value: string | null;
  headers: Record<string, string>;
}

/**
 * The producer seam: every event a service puts on Kafka goes through here, with acks from all
 * in-sync replicas and an idempotent producer so that its own retries cannot duplicate a record.
 */
export class EventPublisher {
  private producer: Producer;
  private connected?: Promise<void>;

  constructor(private readonly kafka: Kafka) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    // A failed connection is forgotten, so that the next publish tries again.
    this.connected ??= this.producer.connect().catch((err) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
  }

  async publish(topic: string, events: CloudEvent[]): Promise<void> {
    await this.send(events.map((event) => ({ topic, ...toKafkaRecord(event) })));
  }

  /** Sends records in the order given; with one request in flight, a partition keeps that order. */
  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push(record);
      byTopic.set(record.topic, messages);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic,
          messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      });
    } catch (err) {
      if (breaksIdempotentProducer(err)) await this.replaceProducer();
      throw err;
    }
  }

  /**
   * A producer whose id or sequence the broker no longer accepts fails every later send; a new
   * producer gets a new id. The caller retries the batch, which may then be sent twice; consumers
   * drop the copy by its ce_id.
   */
  private async replaceProducer(): Promise<void> {
    const broken = this.producer;
    this.producer = this.newProducer();
    this.connected = undefined;
    await broken.disconnect().catch(() => undefined);
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = undefined;
    await this.producer.disconnect();
  }
}

const fatalForIdempotence = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
]);

function breaksIdempotentProducer(error: unknown): boolean {
  for (let current = error as { type?: string; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (current.type && fatalForIdempotence.has(current.type)) return true;
    current = current.cause as typeof current;
  }
  return false;
}
