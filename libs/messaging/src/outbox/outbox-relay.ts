import { Logger } from '@nestjs/common';
import { CloudEventHeaders } from '@newsroom/contracts';
import type { Span } from '@opentelemetry/api';
import { Client, ClientConfig } from 'pg';
import { EventPublisher, OutgoingRecord } from '../kafka/event-publisher';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { outboxChannel } from './outbox';
import { carrierOf, contextFrom, failed, SpanKind, startSpan, tracingOn, withSpan } from '../tracing/event-tracing';

export interface OutboxRelayOptions {
  database: ClientConfig;
  schema: string;
  publisher: EventPublisher;
  /** Rows read at once; a batch is cut shorter when its payloads reach maxBatchBytes. */
  batchSize?: number;
  /** Well under the broker's message.max.bytes (1 MiB by default), which bounds one partition's batch. */
  maxBatchBytes?: number;
  /** The safety net: how often unsent rows are looked for without a NOTIFY. */
  pollIntervalMs?: number;
  /** How often a standby relay asks for the lock that the active one holds. */
  standbyPollMs?: number;
  metrics?: MessagingMetrics;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  /** Null for a tombstone on a compacted topic. */
  payload: string | null;
}

/**
 * Sends committed outbox rows to Kafka in id order and marks them sent. One relay per service is
 * active at a time (a session advisory lock); it wakes on NOTIFY and polls slowly as a safety net.
 * A crash between producing and marking sends the rows again: consumers dedupe on ce_id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private client?: Client;
  private wake?: (reason: 'notify' | 'stop') => void;
  private notified = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Sends what is already committed (when active), then lets go of the lock. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.('stop');
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.connect();
        if (!(await this.becomeActive())) break;
        this.logger.log(`relaying ${this.options.schema}.outbox`);
        while (this.running) {
          await this.drain();
          failures = 0;
          await this.nap(this.options.pollIntervalMs ?? 1000);
        }
        // Events staged by the last messages consumed before shutdown still go out.
        await this.drain();
      } catch (err) {
        if (!this.running) break;
        failures += 1;
        const delay = Math.min(250 * 2 ** failures, 5000);
        this.logger.warn(`outbox relay paused ${delay} ms after: ${(err as Error).message}`);
        await this.disconnect();
        await this.nap(delay, false);
      }
    }
    await this.disconnect();
  }

  private async connect(): Promise<void> {
    // keepAlive and a query timeout: a half-open connection must fail, not hold the lock for hours.
    const client = new Client({ keepAlive: true, query_timeout: 30_000, ...this.options.database });
    const rouse = () => {
      this.notified = true;
      this.wake?.('notify');
    };
    client.on('notification', rouse);
    // A connection lost while napping would leave the relay deaf until its next poll: rouse it to reconnect.
    client.on('error', (err) => {
      this.logger.warn(`relay connection: ${err.message}`);
      rouse();
    });
    client.on('end', rouse);
    this.client = client;
    await client.connect();
  }

  /** A standby asks again every standbyPollMs until the active relay's session ends, or until stop(). */
  private async becomeActive(): Promise<boolean> {
    const lockName = `${this.options.schema}.outbox-relay`;
    while (this.running) {
      const { rows } = await this.client!.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName]);
      if (rows[0].locked) {
        await this.client!.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
        return true;
      }
      await this.nap(this.options.standbyPollMs ?? 1000);
    }
    return false;
  }

  /** Sends batches until none is left; each batch is produced before its rows are marked sent. */
  private async drain(): Promise<void> {
    const client = this.client!;
    const batchSize = this.options.batchSize ?? 500;
    for (;;) {
      this.notified = false;
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<OutboxRow>(
          `SELECT id, topic, message_key, headers, payload FROM "${this.options.schema}".outbox
            WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        const batch = this.withinBytes(rows);
        if (batch.length > 0) {
          await this.send(batch);
          await client.query(`UPDATE "${this.options.schema}".outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
            batch.map((row) => row.id),
          ]);
        }
        await client.query('COMMIT');
        if (rows.length < batchSize && batch.length === rows.length) return;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  }

  private async send(batch: OutboxRow[]): Promise<void> {
    const metrics = this.options.metrics;
    const started = process.hrtime.bigint();
    const took = () => Number(process.hrtime.bigint() - started) / 1e9;
    const produced = tracingOn() ? batch.map(producing) : undefined;
    try {
      await this.options.publisher.send(produced ? produced.map(({ record }) => record) : batch.map(toRecord));
    } catch (err) {
      metrics?.relaySend.observe({ outcome: 'failed' }, took());
      for (const { span } of produced ?? []) {
        if (span) failed(span, err);
        span?.end();
      }
      throw err;
    }
    for (const { span } of produced ?? []) span?.end();
    metrics?.relaySend.observe({ outcome: 'sent' }, took());
    metrics?.relayedEvents.inc(batch.length);
  }

  /** The rows, in order, up to the byte budget; always at least one, so that no row waits forever. */
  private withinBytes(rows: OutboxRow[]): OutboxRow[] {
    const budget = this.options.maxBatchBytes ?? 512 * 1024;
    let bytes = 0;
    let count = 0;
    for (const row of rows) {
      bytes += Buffer.byteLength(row.payload ?? '') + Buffer.byteLength(JSON.stringify(row.headers)) + row.message_key.length;
      if (count > 0 && bytes > budget) break;
      count += 1;
    }
    return rows.slice(0, count);
  }

  /** Waits for the timeout or a stop, and, unless backing off after a failure, for a NOTIFY. */
  private async nap(ms: number, wakeOnNotify = true): Promise<void> {
    if (!this.running || (wakeOnNotify && this.notified)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = (reason) => {
        if (reason === 'notify' && !wakeOnNotify) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.notified = false;
    // Closing the session releases the advisory lock, so a standby relay can take over.
    await client?.end().catch(() => undefined);
  }
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}

/**
 * A row's record with a producer span, child of the span that staged the row; the record carries
 * the producer span's context on, so the consumer's span is its child. A row without one is sent as it is.
 */
function producing(row: OutboxRow): { record: OutgoingRecord; span?: Span } {
  const record = toRecord(row);
  const traceparent = row.headers[CloudEventHeaders.traceparent];
  if (!traceparent) return { record };
  const parent = contextFrom({ traceparent, tracestate: row.headers[CloudEventHeaders.tracestate] });
  const span = startSpan(`publish ${row.topic}`, SpanKind.PRODUCER, parent, {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.destination.name': row.topic,
    'messaging.message.id': row.headers[CloudEventHeaders.id] ?? '',
    'cloudevents.event_type': row.headers[CloudEventHeaders.type] ?? '',
  });
  const carried = carrierOf(withSpan(parent, span));
  const headers: Record<string, string> = { ...row.headers, [CloudEventHeaders.traceparent]: carried.traceparent ?? traceparent };
  if (carried.tracestate) headers[CloudEventHeaders.tracestate] = carried.tracestate;
  return { record: { ...record, headers }, span };
}
