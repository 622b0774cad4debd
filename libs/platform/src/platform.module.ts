import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { MessagingModule } from '@newsroom/messaging';
import { AccessGuard } from './auth/access.guard';
import { RouteAccessAudit } from './auth/route-access.audit';
import { kafkaConnection } from './bootstrap/kafka-connection';
import { SERVICE_CONFIG, ServiceConfig } from './config/service-config';
import { dataSourceOptions, DatabaseDefinition, pgClientConfig } from './database/data-source-options';
import { ApiDocs, DocsController } from './http/api-docs/docs.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { METRICS_REGISTRY } from './metrics/service-metrics';
import { Registry } from 'prom-client';
import { ProblemFilter } from './http/problem.filter';
import { loggerOptions } from './logging/logger-options';
import { RequestValidationPipe } from './http/validation';
import { CallerRateLimit, rateLimitOptions } from './http/rate-limit';

/** What every service has: its settings, JSON logs, its Postgres schema, Kafka, health endpoints, metrics, bearer auth, rate limits, problem+json errors. */
@Module({})
export class PlatformModule {
  static forService(config: ServiceConfig, database: DatabaseDefinition, consumes: readonly string[], metrics: Registry): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        // The start-up check has already reached Postgres; a failure here is not worth a long retry loop.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config, database), retryAttempts: 1, retryDelay: 1000 }),
        MessagingModule.forRoot({
          ...kafkaConnection(config),
          schema: config.service,
          relayDatabase: pgClientConfig(config, 'relay'),
          metricsRegistry: metrics,
          groupId: config.KAFKA_GROUP_ID,
          consumes,
          retention: {
            outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
            inboxRetentionHours: config.INBOX_RETENTION_HOURS,
            intervalMs: config.PRUNE_INTERVAL_SECONDS * 1000,
            maxRowsPerSecond: config.PRUNE_MAX_ROWS_PER_SECOND,
          },
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        DiscoveryModule,
      ],
      controllers: [HealthController, MetricsController, DocsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: METRICS_REGISTRY, useValue: metrics },
        // In this order: the rate limit keys on the caller the access guard has verified.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: CallerRateLimit },
        RouteAccessAudit,
        ApiDocs,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
      exports: [SERVICE_CONFIG, METRICS_REGISTRY],
    };
  }
}
