import { CloudEvent, toKafkaRecord } from '@newsroom/contracts';
import { Kafka, Partitioners, Producer } from 'kafkajs';

/** One Kafka record as the relay stored it: already serialised, with its CloudEvents headers. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * The producer seam: every event a service puts on Kafka goes through here, with acks from all
 * in-sync replicas and an idempotent producer so that its own retries cannot duplicate a record.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
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
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic,
        messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = undefined;
    await this.producer.disconnect();
  }
}
