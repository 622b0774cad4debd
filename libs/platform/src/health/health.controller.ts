import { ConsumerStatus, KafkaHealthIndicator } from '@newsroom/messaging';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access.decorators';
import { Answers, Refuses } from '../http/api-docs/api-answers';

/** Liveness says the process serves requests; readiness says Postgres and Kafka answer now and the consumer runs. */
// Probes carry no token.
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly consumer: ConsumerStatus,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('live')
  @Answers(200, null, { description: 'The process serves requests' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Answers(200, null, { description: 'Postgres and Kafka answer and the consumer runs' })
  @Refuses(503)
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
      () => this.kafka.isHealthy('kafka'),
      () => this.consumer.check(this.indicators, 'consumer'),
    ]);
  }
}
