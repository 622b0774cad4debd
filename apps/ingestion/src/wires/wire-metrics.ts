import { METRICS_REGISTRY } from '@newsroom/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

/** What the wires do, by source (a wire's name: admins set them up, so the label stays bounded). */
@Injectable()
export class WireMetrics {
  readonly polls: Counter<'source' | 'result'>;
  readonly items: Counter<'source' | 'outcome'>;
  readonly lastSuccess: Gauge<'source'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.polls = new Counter({
      name: 'newsroom_wire_polls_total',
      help: 'Polls of wire sources, by result: ok, not_modified (304) or error.',
      labelNames: ['source', 'result'],
      registers,
    });
    this.items = new Counter({
      name: 'newsroom_wire_items_total',
      help: 'Wire items polled or pushed, by outcome: created, revised, unchanged, refused, or left (the story is past revising).',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'newsroom_wire_last_success_timestamp_seconds',
      help: 'When each wire source was last polled or pushed to successfully (Unix seconds).',
      labelNames: ['source'],
      registers,
    });
  }

  /** A source deleted: its series go, so that a dashboard does not keep showing it. */
  forget(source: string): void {
    this.lastSuccess.remove({ source });
  }
}
