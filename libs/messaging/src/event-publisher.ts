import { CloudEvent, toKafkaRecord } from '@newsroom/contracts';
import { Kafka, Partitioners, Producer } from 'kafkajs';

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
    await this.connect();
    await this.producer.send({
      topic,
      acks: -1,
      messages: events.map(toKafkaRecord),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = undefined;
    await this.producer.disconnect();
  }
}
