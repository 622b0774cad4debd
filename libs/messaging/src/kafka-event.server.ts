import { CloudEvent, contractFor, deadLetterTopic, fromKafkaMessage, InvalidPayloadError, isStoryId, MalformedEventError } from '@newsroom/contracts';
import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, EachMessagePayload, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

export interface KafkaEventServerOptions {
  kafka: Kafka;
  /** The consumer group, used as given (NestJS's own Kafka server appends "-server"; this one does not). */
  groupId: string;
  topics: readonly string[];
  /** Partitions handled at once; order within one partition, and so within one story, is kept. */
  partitionsConsumedConcurrently?: number;
}

/** What a handler receives besides the event: where the message came from. */
export class KafkaEventContext extends BaseRpcContext<[topic: string, partition: number, message: KafkaMessage]> {
  get topic(): string {
    return this.args[0];
  }
  get partition(): number {
    return this.args[1];
  }
  get message(): KafkaMessage {
    return this.args[2];
  }
}

/**
 * A NestJS transport that feeds Kafka messages to `@EventPattern(ce_type)` handlers.
 * Unlike the built-in ServerKafka it routes by CloudEvents type rather than by topic, uses the
 * group id as given, commits an offset only once its handler has finished, and sends a message
 * that can never be processed to `<topic>.dlq` instead of blocking the partition with it.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaEventServer.name);
  private consumer?: Consumer;
  private deadLetters?: Producer;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    this.deadLetters = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await this.deadLetters.connect();
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3000, maxWaitTimeInMs: 1000 });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.logger.error(`consumer ${groupId} crashed (restart: ${payload.restart}): ${payload.error.message}`),
    );
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.consume(payload),
    });
  }

  private async consume({ topic, partition, message }: EachMessagePayload): Promise<void> {
    let event: CloudEvent;
    try {
      event = this.readEvent(message);
    } catch (err) {
      if (err instanceof MalformedEventError || err instanceof InvalidPayloadError) {
        return this.deadLetter(topic, partition, message, err.message);
      }
      throw err;
    }
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) {
      // A known type this service has no interest in: nothing to do, and nothing lost.
      this.logger.debug?.(`no handler for ${event.type} on ${topic}; skipped`);
      return;
    }
    const context = new KafkaEventContext([topic, partition, message]);
    // A thrown error leaves the offset uncommitted, so kafkajs delivers the message again.
    await lastValueFrom(this.transformToObservable(await handler(event, context)), { defaultValue: undefined });
  }

  /** The event with its data checked against its type's contract; handlers never see unchecked data. */
  private readEvent(message: KafkaMessage): CloudEvent {
    const event = fromKafkaMessage(message);
    // Handlers key their work on the subject: anything but a story id would fail them on every retry.
    if (!isStoryId(event.subject)) throw new MalformedEventError(`ce_subject "${event.subject}" is not a story id (a UUID)`);
    const contract = contractFor(event.type);
    if (!contract) throw new MalformedEventError(`ce_type ${event.type} is not a Newsroom event type`);
    return { ...event, data: contract.parse(event.data) };
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string): Promise<void> {
    this.logger.warn(`${topic}[${partition}]@${message.offset} sent to ${deadLetterTopic(topic)}: ${reason}`);
    await this.deadLetters!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_reason: reason,
            dlq_topic: topic,
            dlq_partition: String(partition),
            dlq_offset: message.offset,
          },
        },
      ],
    });
  }

  /** Leaves the group after in-flight handlers finish, so that partitions move on at once. */
  async close(): Promise<void> {
    await this.consumer?.disconnect();
    await this.deadLetters?.disconnect();
    this.consumer = undefined;
    this.deadLetters = undefined;
  }

  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    if (!this.consumer) throw new Error('the Kafka consumer is not running yet');
    this.consumer.on(event as never, callback as never);
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the Kafka consumer is not running yet');
    return this.consumer as T;
  }
}
