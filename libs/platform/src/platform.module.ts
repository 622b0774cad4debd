import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { MessagingModule } from '@newsroom/messaging';
import { ServiceConfig } from './config/service-config';
import { dataSourceOptions, DatabaseDefinition, pgClientConfig } from './database/data-source-options';
import { HealthController } from './health/health.controller';
import { loggerOptions } from './logging/logger-options';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** What every service has: its settings, JSON logs, its Postgres schema, Kafka, health endpoints. */
@Module({})
export class PlatformModule {
  static forService(config: ServiceConfig, database: DatabaseDefinition): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        // The start-up check has already reached Postgres; a failure here is not worth a long retry loop.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config, database), retryAttempts: 1, retryDelay: 1000 }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID,
          schema: config.service,
          relayDatabase: pgClientConfig(config, 'relay'),
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [HealthController],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
