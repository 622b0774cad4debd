import { HealthIndicatorService } from '@nestjs/terminus';
import { logLevel } from 'kafkajs';
import { createKafka } from './kafka-connection';
import { KafkaHealthIndicator } from './kafka-health.indicator';

describe(KafkaHealthIndicator.name, () => {
  it('reports Kafka down, quickly, when no broker answers', async () => {
    // Port 1 on loopback refuses connections: a real unreachable broker, nothing mocked.
    const kafka = createKafka(
      { brokers: ['127.0.0.1:1'], clientId: 'health-spec' },
      { logLevel: logLevel.NOTHING, connectionTimeout: 1000 },
    );
    const sut = new KafkaHealthIndicator(kafka, new HealthIndicatorService(), 1500);
    const startedAt = Date.now();

    const result = await sut.isHealthy('kafka');

    expect(result.kafka.status).toBe('down');
    expect(Date.now() - startedAt).toBeLessThan(3000);
    await sut.close();
  });
});
