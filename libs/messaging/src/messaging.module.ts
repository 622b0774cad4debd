import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Kafka } from 'kafkajs';
import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { EventPublisher } from './kafka/event-publisher';
import { ConsumerStatus } from './consumer/consumer-status';
import { Inbox } from './inbox/inbox';
import { createKafka, KAFKA, KafkaConnectionOptions } from './kafka/kafka-connection';
import { KafkaHealthIndicator } from './kafka/kafka-health.indicator';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { MessagingMetrics } from './metrics/messaging-metrics';
import { Registry } from 'prom-client';
import { RetentionPolicy, TablePruner } from './retention/table-pruner';

export interface MessagingOptions extends KafkaConnectionOptions {
  /** The service's Postgres schema, which holds its outbox and inbox tables. */
  schema: string;
  /** A connection of the relay's own: it holds the advisory lock and LISTENs. */
  relayDatabase: ClientConfig;
  /** Where the outbox, relay and consumer metrics are registered; the service's /metrics reads it. */
  metricsRegistry?: Registry;
  /** The consumer group and what it reads, whose lag is measured. */
  groupId?: string;
  consumes?: readonly string[];
  /** How long sent outbox rows and inbox records are kept; without it nothing is pruned. */
  retention?: RetentionPolicy;
}

/** The service's Kafka client, outbox and relay, inbox, event publisher, broker health check and consumer status. */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly health: KafkaHealthIndicator,
    private readonly relay: OutboxRelay,
    private readonly metrics: MessagingMetrics,
    private readonly dataSource: DataSource,
    private readonly pruner: TablePruner,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [TerminusModule],
      providers: [
        { provide: KAFKA, useFactory: () => createKafka(options) },
        { provide: EventPublisher, useFactory: (kafka: Kafka) => new EventPublisher(kafka), inject: [KAFKA] },
        {
          provide: KafkaHealthIndicator,
          useFactory: (kafka: Kafka, health: HealthIndicatorService) => new KafkaHealthIndicator(kafka, health),
          inject: [KAFKA, HealthIndicatorService],
        },
        { provide: ConsumerStatus, useValue: new ConsumerStatus() },
        {
          provide: MessagingMetrics,
          useFactory: () =>
            new MessagingMetrics({
              registry: options.metricsRegistry ?? new Registry(),
              schema: options.schema,
              groupId: options.groupId ?? '',
              consumes: options.consumes ?? [],
            }),
        },
        { provide: Outbox, useFactory: () => new Outbox(options.schema) },
        {
          provide: OutboxRelay,
          useFactory: (publisher: EventPublisher, metrics: MessagingMetrics) =>
            new OutboxRelay({ database: options.relayDatabase, schema: options.schema, publisher, metrics }),
          inject: [EventPublisher, MessagingMetrics],
        },
        {
          provide: TablePruner,
          useFactory: (metrics: MessagingMetrics) =>
            new TablePruner({
              database: { ...options.relayDatabase, application_name: `newsroom-${options.schema}-pruner` },
              schema: options.schema,
              policy: options.retention,
              metrics,
            }),
          inject: [MessagingMetrics],
        },
        {
          provide: Inbox,
          useFactory: (dataSource: DataSource, outbox: Outbox) => new Inbox(dataSource, options.schema, outbox),
          inject: [getDataSourceToken(), Outbox],
        },
      ],
      exports: [KAFKA, EventPublisher, KafkaHealthIndicator, ConsumerStatus, Outbox, Inbox, OutboxRelay, MessagingMetrics, TablePruner],
    };
  }

  onApplicationBootstrap(): void {
    this.metrics.attach(this.dataSource, this.kafka);
    this.relay.start();
    this.pruner.start();
  }

  /** Runs after the consumer has left its group (Nest closes transports first), so its last events get sent. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.relay.stop(), this.pruner.stop()]);
    await Promise.allSettled([this.publisher.disconnect(), this.health.close(), this.metrics.detach()]);
  }
}
