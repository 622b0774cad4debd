import { HealthIndicatorService } from '@nestjs/terminus';

export type ConsumerState = 'starting' | 'consuming' | 'restarting' | 'stopped';

/**
 * What the service's Kafka consumer is doing, for readiness. Rebalances are not reported: they are
 * short, and the HTTP API does not depend on them. A consumer that has not joined its group yet,
 * or that kafkajs gave up on and that is being rebuilt, is.
 */
export class ConsumerStatus {
  private state: ConsumerState = 'starting';
  private detail?: string;

  set(state: ConsumerState, detail?: string): void {
    this.state = state;
    this.detail = detail;
  }

  get current(): ConsumerState {
    return this.state;
  }

  check(health: HealthIndicatorService, key = 'consumer') {
    const indicator = health.check(key);
    const info = { state: this.state, ...(this.detail ? { message: this.detail } : {}) };
    return this.state === 'consuming' ? indicator.up(info) : indicator.down(info);
  }
}
