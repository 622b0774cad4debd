import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { EventPublisher, OutgoingRecord } from '../event-publisher';
import { outboxChannel } from './outbox';

export interface OutboxRelayOptions {
  database: ClientConfig;
  schema: string;
  publisher: EventPublisher;
  batchSize?: number;
  /** The safety net: how often unsent rows are looked for without a NOTIFY. */
  pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: string;
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
  private wake?: () => void;
  private pending = false;
  private waitingForLock = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    // A standby blocked on the lock has nothing to finish: closing its session ends the wait.
    if (this.waitingForLock) await this.disconnect();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.connect();
        if (!(await this.becomeActive())) break;
        failures = 0;
        this.logger.log(`relaying ${this.options.schema}.outbox`);
        while (this.running) {
          await this.drain();
          await this.pause(this.options.pollIntervalMs ?? 1000);
        }
        // Events staged by the last messages consumed before shutdown still go out.
        await this.drain();
      } catch (err) {
        if (!this.running) break;
        failures += 1;
        const delay = Math.min(200 * 2 ** failures, 10_000);
        this.logger.warn(`outbox relay paused ${delay} ms after: ${(err as Error).message}`);
        await this.disconnect();
        await this.pause(delay);
      }
    }
    await this.disconnect();
  }

  private async connect(): Promise<void> {
    const client = new Client(this.options.database);
    // A lost connection surfaces as a failed query in the loop, which reconnects.
    client.on('error', (err) => this.logger.warn(`relay connection: ${err.message}`));
    client.on('notification', () => {
      this.pending = true;
      this.wake?.();
    });
    this.client = client;
    await client.connect();
  }

  /** Waits, as a standby, until no other relay of this service holds the lock; stop() interrupts the wait. */
  private async becomeActive(): Promise<boolean> {
    const lockName = `${this.options.schema}.outbox-relay`;
    this.waitingForLock = true;
    try {
      await this.client!.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    } finally {
      this.waitingForLock = false;
    }
    if (!this.running) return false;
    await this.client!.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
    return true;
  }

  /** Sends batches until none is left; each batch is produced before its rows are marked sent. */
  private async drain(): Promise<void> {
    const client = this.client!;
    const batchSize = this.options.batchSize ?? 500;
    for (;;) {
      this.pending = false;
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<OutboxRow>(
          `SELECT id, topic, message_key, headers, payload FROM "${this.options.schema}".outbox
            WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        if (rows.length > 0) {
          await this.options.publisher.send(rows.map(toRecord));
          await client.query(`UPDATE "${this.options.schema}".outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
            rows.map((row) => row.id),
          ]);
        }
        await client.query('COMMIT');
        if (rows.length < batchSize) return;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  }

  /** Waits for a NOTIFY, a stop, or the timeout, whichever comes first. */
  private async pause(ms: number): Promise<void> {
    if (!this.running || this.pending) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // Closing the session releases the advisory lock, so a standby relay can take over.
    await client?.end().catch(() => undefined);
  }
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}
