import {
  CloudEvent,
  contractFor,
  deadLetterTopic,
  fromKafkaMessage,
  InvalidPayloadError,
  isStoryId,
  MalformedEventError,
  isTopicOwner,
  topicOwner,
} from '@newsroom/contracts';
import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachMessagePayload, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { KAFKA } from '../kafka/kafka-connection';
import { ConsumerStatus } from './consumer-status';
import { isTransientFailure } from './transient-failure';
import { MessagingMetrics, type DeadLetterReason } from '../metrics/messaging-metrics';
import { contextFrom, inSpan, SpanKind, tracingOn } from '../tracing/event-tracing';

/** How a failing handler is retried before the partition moves on. */
export interface HandlerRetryPolicy {
  /** The first pause; each later pause doubles, up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Tries of an event whose failure is not transient before it is dead-lettered. Transient failures are retried without limit. */
  attemptsBeforeDeadLetter: number;
}

export interface KafkaEventServerOptions {
  kafka: Kafka;
  /** The consumer group, used as given (NestJS's own Kafka server appends "-server"; this one does not). */
  groupId: string;
  topics: readonly string[];
  /** The consuming service; its dead letters go to `<topic>.<consumer>.dlq`. */
  consumer: string;
  /** Where readiness learns whether the consumer runs. */
  status?: ConsumerStatus;
  /** Partitions handled at once; order within one partition, and so within one story, is kept. */
  partitionsConsumedConcurrently?: number;
  retry?: Partial<HandlerRetryPolicy>;
  metrics?: MessagingMetrics;
  /**
   * How long the group waits for a member that stopped heartbeating (a killed process) before its
   * partitions move to the others, or to its own restarted instance.
   */
  sessionTimeoutMs?: number;
}

const defaultRetry: HandlerRetryPolicy = { initialDelayMs: 250, maxDelayMs: 10_000, attemptsBeforeDeadLetter: 5 };

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

/** Thrown out of a retry pause when the service stops: the offset stays uncommitted and the event is redelivered. */
class StoppingError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A NestJS transport that feeds Kafka messages to `@EventPattern(ce_type)` handlers.
 * Unlike the built-in ServerKafka it routes by CloudEvents type rather than by topic, uses the
 * group id as given, and commits an offset only once its handler has finished. A message that can
 * never be processed goes to the consumer's dead-letter topic; a handler that fails is retried with
 * backoff (without limit while the failure is transient, such as a database that refuses
 * connections); a consumer that kafkajs gives up on is built again.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaEventServer.name);
  private readonly retry: HandlerRetryPolicy;
  private readonly consumerStatus: ConsumerStatus;
  private consumer?: Consumer;
  private deadLetters?: Producer;
  private stopping = false;
  private rebuildTimer?: NodeJS.Timeout;
  /** Handlers by event type, looked up once each (only known types get this far, so it stays small). */
  private readonly handlers = new Map<string, MessageHandler | null>();

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.retry = { ...defaultRetry, ...options.retry };
    this.consumerStatus = options.status ?? new ConsumerStatus();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.deadLetters = this.options.kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await this.deadLetters.connect();
      await this.startConsumer();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async startConsumer(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
      maxWaitTimeInMs: 1000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.consumerStatus.set('consuming'));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const reason = `${payload.error.name}: ${payload.error.message}`;
      if (this.stopping) return;
      if (payload.restart) {
        // kafkajs rejoins by itself after a pause (a broker outage ends up here).
        this.logger.error(`consumer ${groupId} crashed, kafkajs restarts it: ${reason}`);
        this.consumerStatus.set('restarting', reason);
      } else {
        this.logger.error(`consumer ${groupId} crashed and kafkajs gave up on it; building a new one: ${reason}`);
        this.consumerStatus.set('restarting', reason);
        this.rebuild(consumer, 1);
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.consume(payload),
    });
  }

  /**
   * Nest finds a pattern's handler by trying JSON.parse on it first, which throws for every event type: that
   * was 6 % of a consumer's CPU while catching up. The handlers are all registered before the consumer starts.
   */
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    let handler = this.handlers.get(pattern);
    if (handler === undefined) {
      handler = super.getHandlerByPattern(pattern);
      this.handlers.set(pattern, handler);
    }
    return handler;
  }

  /** Replaces a consumer that kafkajs will not restart; the same group id picks up from the committed offsets. */
  private rebuild(dead: Consumer, attempt: number): void {
    const delay = Math.min(1000 * 2 ** (attempt - 1), 30_000);
    this.rebuildTimer = setTimeout(() => void this.rebuildNow(dead, attempt), delay);
  }

  private async rebuildNow(dead: Consumer, attempt: number): Promise<void> {
    if (this.stopping) return;
    await dead.disconnect().catch(() => undefined);
    try {
      await this.startConsumer();
      this.logger.log(`consumer ${this.options.groupId} rebuilt after ${attempt} attempt(s)`);
    } catch (err) {
      this.logger.error(`rebuilding consumer ${this.options.groupId} failed (attempt ${attempt}): ${(err as Error).message}`);
      if (this.consumer) this.rebuild(this.consumer, attempt + 1);
    }
  }

  private async consume(payload: EachMessagePayload): Promise<void> {
    const started = process.hrtime.bigint();
    const outcome = await this.consumeOne(payload);
    this.options.metrics?.handlerDuration.observe({ topic: payload.topic, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async consumeOne({
    topic,
    partition,
    message,
    ...payload
  }: EachMessagePayload): Promise<'handled' | 'skipped' | 'dead_lettered'> {
    const heartbeat = () => payload.heartbeat();
    let event: CloudEvent;
    try {
      event = this.readEvent(topic, message);
    } catch (err) {
      if (err instanceof MalformedEventError || err instanceof InvalidPayloadError) {
        await this.deadLetter(topic, partition, message, err.message, err instanceof MalformedEventError ? 'malformed' : 'invalid_payload');
        return 'dead_lettered';
      }
      throw err;
    }
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) {
      // A known type this service has no interest in: nothing to do, and nothing lost.
      this.logger.debug?.(`no handler for ${event.type} on ${topic}; skipped`);
      return 'skipped';
    }
    const context = new KafkaEventContext([topic, partition, message]);
    if (!tracingOn()) return this.handleWithRetry(handler, event, context, heartbeat);
    // The handler's span continues the producer's (ce_traceparent); its transaction and the events it stages are children.
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': Number(message.offset),
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.message.id': event.id,
      'cloudevents.event_type': event.type,
    };
    return inSpan(`process ${event.type}`, { kind: SpanKind.CONSUMER, attributes, parent: contextFrom(event) }, async (span) => {
      const outcome = await this.handleWithRetry(handler, event, context, heartbeat);
      span?.setAttribute('newsroom.outcome', outcome);
      return outcome;
    });
  }

  /**
   * Runs the handler until it succeeds. The partition waits meanwhile, which keeps one story's
   * events in order; heartbeats continue, so the group does not take the partition away.
   */
  private async handleWithRetry(
    handler: MessageHandler,
    event: CloudEvent,
    context: KafkaEventContext,
    heartbeat: () => Promise<void>,
  ): Promise<'handled' | 'dead_lettered'> {
    for (let attempt = 1; ; attempt++) {
      try {
        await lastValueFrom(this.transformToObservable(await handler(event, context)), { defaultValue: undefined });
        if (attempt > 1) this.logger.log(`${event.type} ${event.id} for ${event.subject} handled on attempt ${attempt}`);
        return 'handled';
      } catch (err) {
        if (err instanceof StoppingError) throw err;
        const transient = isTransientFailure(err);
        const message = (err as Error)?.message ?? String(err);
        if (!transient && attempt >= this.retry.attemptsBeforeDeadLetter) {
          const reason = `the handler failed ${attempt} times: ${message}`;
          await this.deadLetter(context.topic, context.partition, context.message, reason, 'handler_failed');
          return 'dead_lettered';
        }
        this.options.metrics?.retries.inc({ topic: context.topic, kind: transient ? 'transient' : 'permanent' });
        const delay = Math.min(this.retry.initialDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs);
        this.logger.warn(
          `${event.type} ${event.id} for ${event.subject} failed (attempt ${attempt}, ${transient ? 'transient' : 'not transient'}): ${message}; retrying in ${delay} ms`,
        );
        await this.pause(delay, heartbeat);
      }
    }
  }

  private async pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (this.stopping) throw new StoppingError('the service is stopping; the event will be redelivered');
      const left = until - Date.now();
      if (left <= 0) return;
      await sleep(Math.min(left, 500));
      // Throws when the group is rebalancing: the offset stays uncommitted and the new owner gets the event.
      await heartbeat();
    }
  }

  /** The event with its data checked against its type's contract; handlers never see unchecked data. */
  private readEvent(topic: string, message: KafkaMessage): CloudEvent {
    const event = fromKafkaMessage(message);
    // Only the owning service writes a topic; anything else is forged or misrouted, and never retried.
    const owner = topicOwner(topic);
    if (!isTopicOwner(topic, event.source)) {
      const claimed = JSON.stringify(event.source.slice(0, 100));
      throw new MalformedEventError(`ce_source ${claimed} is not ${owner ?? 'a declared owner'}, the only writer of ${topic}`);
    }
    // Handlers key their work on the subject: anything but a story id would fail them on every retry.
    if (!isStoryId(event.subject)) throw new MalformedEventError(`ce_subject "${event.subject}" is not a story id (a UUID)`);
    const contract = contractFor(event.type);
    if (!contract) throw new MalformedEventError(`ce_type ${event.type} is not a Newsroom event type`);
    return { ...event, data: contract.parse(event.data) };
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string, kind: DeadLetterReason): Promise<void> {
    const target = deadLetterTopic(topic, this.options.consumer);
    this.options.metrics?.deadLetters.inc({ topic, reason: kind });
    this.logger.warn(`${topic}[${partition}]@${message.offset} sent to ${target}: ${reason}`);
    await this.deadLetters!.send({
      topic: target,
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
            dlq_consumer: this.options.groupId,
          },
        },
      ],
    });
  }

  /** Leaves the group after in-flight handlers finish (a retry pause ends at once), so that partitions move on. */
  async close(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.rebuildTimer);
    await this.consumer?.disconnect();
    await this.deadLetters?.disconnect();
    this.consumerStatus.set('stopped');
    this.consumer = undefined;
    this.deadLetters = undefined;
  }

  // The signature is Nest's abstract Server#on, Function types and all.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    if (!this.consumer) throw new Error('the Kafka consumer is not running yet');
    this.consumer.on(event as never, callback as never);
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the Kafka consumer is not running yet');
    return this.consumer as T;
  }
}

/** Where a service's consumer finds the Kafka client and its readiness flag: the Nest app that provides MessagingModule. */
interface MessagingProviders {
  get<T>(token: unknown): T;
}

/** The consumer transport of a service whose app imports MessagingModule: its Kafka client, its readiness. */
export function kafkaEventServerFor(app: MessagingProviders, options: Omit<KafkaEventServerOptions, 'kafka' | 'status'>): KafkaEventServer {
  return new KafkaEventServer({
    ...options,
    kafka: app.get<Kafka>(KAFKA),
    status: app.get(ConsumerStatus),
    metrics: app.get(MessagingMetrics),
  });
}
