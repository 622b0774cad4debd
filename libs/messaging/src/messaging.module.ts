import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { EventPublisher } from './event-publisher';
import { createKafka, KafkaConnectionOptions } from './kafka-connection';
import { KafkaHealthIndicator } from './kafka-health.indicator';

export const KAFKA = Symbol('KAFKA');

/** The service's Kafka client, its event publisher and its broker health check. */
@Global()
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly health: KafkaHealthIndicator,
  ) {}

  static forRoot(connection: KafkaConnectionOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [TerminusModule],
      providers: [
        { provide: KAFKA, useFactory: () => createKafka(connection) },
        { provide: EventPublisher, useFactory: (kafka: Kafka) => new EventPublisher(kafka), inject: [KAFKA] },
        {
          provide: KafkaHealthIndicator,
          useFactory: (kafka: Kafka, health: HealthIndicatorService) => new KafkaHealthIndicator(kafka, health),
          inject: [KAFKA, HealthIndicatorService],
        },
      ],
      exports: [KAFKA, EventPublisher, KafkaHealthIndicator],
    };
  }

  /** Runs after the consumer has left its group (Nest closes transports first). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.publisher.disconnect(), this.health.close()]);
  }
}
