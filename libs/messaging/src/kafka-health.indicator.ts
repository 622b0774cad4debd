import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';

/** Ready means a broker answers a metadata request now, within a short deadline. */
export class KafkaHealthIndicator {
  private readonly admin: Admin;

  constructor(
    kafka: Kafka,
    private readonly health: HealthIndicatorService,
    private readonly timeoutMs = 2000,
  ) {
    this.admin = kafka.admin({ retry: { retries: 0 } });
  }

  async isHealthy(key = 'kafka') {
    const indicator = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      const { brokers } = await Promise.race([this.admin.connect().then(() => this.admin.describeCluster()), deadline]);
      return indicator.up({ brokers: brokers.length });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
