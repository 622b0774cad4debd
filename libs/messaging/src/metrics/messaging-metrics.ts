import { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** Why an event went to the dead-letter topic, in a few words a dashboard can group by (never the message itself). */
export type DeadLetterReason = 'malformed' | 'invalid_payload' | 'handler_failed';

export interface MessagingMetricsOptions {
  registry: Registry;
  /** The service's schema, whose outbox is measured. */
  schema: string;
  groupId: string;
  consumes: readonly string[];
}

// A scrape answers with what it has: a database or broker that does not answer in time leaves those gauges NaN
// (unknown, not the last value read: an alert neither fires nor clears on a stale number) and the lag gauge empty.
const COLLECT_TIMEOUT_MS = 2000;
// Scrapes closer together than this share one reading, so that hammering /metrics costs the database and broker nothing more.
const READING_REUSED_MS = 1000;

/** The reading `read` gives, taken at most once per READING_REUSED_MS. */
function reused<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at >= READING_REUSED_MS) last = { at: Date.now(), value: read() };
    return last.value;
  };
}

function within<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), COLLECT_TIMEOUT_MS).unref())]);
}

/**
 * What the outbox, its relay and the consumer say about themselves, in Prometheus's terms: an
 * outbox backlog and its age, relay send latency, handler duration and outcomes, retries, dead
 * letters by reason, and the group's lag per partition. The backlog and lag are read at scrape time.
 */
export class MessagingMetrics {
  readonly relaySend: Histogram<'outcome'>;
  readonly relayedEvents: Counter;
  readonly handlerDuration: Histogram<'topic' | 'outcome'>;
  readonly retries: Counter<'topic' | 'kind'>;
  readonly deadLetters: Counter<'topic' | 'reason'>;
  readonly prunedRows: Counter<'table'>;
  private dataSource?: DataSource;
  private admin?: Admin;

  constructor(private readonly options: MessagingMetricsOptions) {
    const registers = [options.registry];
    this.relaySend = new Histogram({
      name: 'newsroom_outbox_relay_send_seconds',
      help: 'Time the relay took to produce one batch of outbox rows to Kafka (acks from all in-sync replicas).',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.relayedEvents = new Counter({
      name: 'newsroom_outbox_relayed_events_total',
      help: 'Outbox rows the relay produced to Kafka and marked sent.',
      registers,
    });
    this.handlerDuration = new Histogram({
      name: 'newsroom_consumer_handler_duration_seconds',
      help: 'Time from reading a consumed event to its handler finishing, retries included.',
      labelNames: ['topic', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.retries = new Counter({
      name: 'newsroom_consumer_retries_total',
      help: 'Handler attempts that failed and were tried again, by whether the failure was transient.',
      labelNames: ['topic', 'kind'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'newsroom_consumer_dead_letters_total',
      help: 'Consumed events sent to this consumer’s dead-letter topic, by reason.',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.prunedRows = new Counter({
      name: 'newsroom_pruned_rows_total',
      help: 'Sent outbox rows and inbox records deleted once older than their retention, by table.',
      labelNames: ['table'],
      registers,
    });
    const outbox = reused(() => this.outboxBacklog());
    new Gauge({
      name: 'newsroom_outbox_unsent_events',
      help: 'Outbox rows committed and not yet produced to Kafka.',
      registers,
      async collect() {
        const backlog = await outbox();
        this.set(backlog?.unsent ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'newsroom_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest outbox row not yet produced to Kafka; 0 when there is none.',
      registers,
      async collect() {
        const backlog = await outbox();
        this.set(backlog?.oldestAgeSeconds ?? Number.NaN);
      },
    });
    const lag = reused(() => this.consumerLag());
    new Gauge({
      name: 'newsroom_consumer_lag_messages',
      help: 'Messages on each consumed partition after the group’s committed offset.',
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        const partitions = await lag();
        this.reset();
        for (const { topic, partition, lag: behind } of partitions ?? []) this.set({ topic, partition: String(partition) }, behind);
      },
    });
  }

  /** Connects the gauges read at scrape time to the service's database and broker. */
  attach(dataSource: DataSource, kafka: Kafka): void {
    this.dataSource = dataSource;
    this.admin = kafka.admin();
  }

  async detach(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.dataSource = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async outboxBacklog(): Promise<{ unsent: number; oldestAgeSeconds: number } | undefined> {
    if (!this.dataSource?.isInitialized) return undefined;
    try {
      const [row] = await within<{ unsent: string; oldest: number | null }[]>(
        this.dataSource.query(
          `SELECT count(*) AS unsent, extract(epoch FROM now() - min(created_at))::float8 AS oldest
             FROM "${this.options.schema}".outbox WHERE sent_at IS NULL`,
        ),
      );
      return { unsent: Number(row.unsent), oldestAgeSeconds: Math.max(0, row.oldest ?? 0) };
    } catch {
      return undefined;
    }
  }

  private async consumerLag(): Promise<{ topic: string; partition: number; lag: number }[] | undefined> {
    const admin = this.admin;
    if (!admin || this.options.consumes.length === 0) return undefined;
    try {
      return await within(
        (async () => {
          await admin.connect();
          const committed = await admin.fetchOffsets({ groupId: this.options.groupId, topics: [...this.options.consumes] });
          const lags: { topic: string; partition: number; lag: number }[] = [];
          for (const { topic, partitions } of committed) {
            const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
            for (const { partition, offset } of partitions) {
              const end = ends.get(partition);
              if (!end) continue;
              // -1: the group has committed nothing there yet, so all the partition holds is ahead of it.
              const at = Number(offset) < 0 ? Number(end.low) : Number(offset);
              lags.push({ topic, partition, lag: Math.max(0, Number(end.high) - at) });
            }
          }
          return lags;
        })(),
      );
    } catch {
      return undefined;
    }
  }
}
