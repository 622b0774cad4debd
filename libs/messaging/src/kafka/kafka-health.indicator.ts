import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';

/** Ready means a broker answers a metadata request now, within a short deadline. */
export class KafkaHealthIndicator {
  private readonly admin: Admin;
  private lastCheck?: Promise<unknown>;

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
      const check = this.admin.connect().then(() => this.admin.describeCluster());
      this.lastCheck = check.catch(() => undefined);
      const { brokers } = await Promise.race([check, deadline]);
      return indicator.up({ brokers: brokers.length });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lets a check that outlived its deadline settle first, so that nothing of it lingers after shutdown. */
  async close(): Promise<void> {
    await this.lastCheck;
    await this.admin.disconnect();
  }
}
