import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import type { MessagingMetrics } from '../metrics/messaging-metrics';

/** How long sent outbox rows and inbox records are kept, and how pruning paces itself. */
export interface RetentionPolicy {
  outboxRetentionHours: number;
  /** At least as long as a topic can redeliver an event, so that a redelivered ce_id is still recognised. */
  inboxRetentionHours: number;
  /** Time between two pruning rounds. */
  intervalMs: number;
  /** Rows deleted per statement: each statement is its own short transaction. */
  batchSize?: number;
  /** Pause between two batches, so that pruning never competes with writers for long. */
  pauseMs?: number;
  /**
   * At most this many rows deleted a second. Deleting wide rows writes their pages to the WAL: unpaced, a
   * large backlog fills max_wal_size in seconds, and the checkpoints it forces stall every writer's commit.
   */
  maxRowsPerSecond?: number;
}

export interface TablePrunerOptions {
  database: ClientConfig;
  schema: string;
  /** Without one, the pruner never runs. */
  policy?: RetentionPolicy;
  metrics?: MessagingMetrics;
}

export interface PruneResult {
  outbox: number;
  inbox: number;
}

type PrunedTable = keyof PruneResult;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes sent outbox rows and inbox records older than their retention, a batch at a time. Only
 * one instance of a service prunes at once (a session advisory lock); the others skip the round.
 * Sent rows are never locked by the relay or the consumers, so pruning waits on nobody and
 * nobody waits on it.
 */
export class TablePruner {
  private readonly logger = new Logger(TablePruner.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<unknown>;
  private stopping = false;

  constructor(private readonly options: TablePrunerOptions) {}

  start(): void {
    if (!this.options.policy) return;
    this.stopping = false;
    this.schedule(this.options.policy.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round; undefined when another instance holds the pruning lock. */
  async pruneOnce(now = new Date()): Promise<PruneResult | undefined> {
    const policy = this.options.policy;
    if (!policy) return undefined;
    const client = new Client({ keepAlive: true, query_timeout: 30_000, ...this.options.database });
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        `${this.options.schema}.prune`,
      ]);
      if (!rows[0].locked) return undefined;
      const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);
      const outbox = await this.prune(client, 'outbox', 'id', 'sent_at', hours(policy.outboxRetentionHours));
      const inbox = await this.prune(client, 'inbox', 'event_id', 'applied_at', hours(policy.inboxRetentionHours));
      return { outbox, inbox };
    } finally {
      // Ending the session releases the lock.
      await client.end().catch(() => undefined);
    }
  }

  private schedule(delay: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.round = this.pruneOnce()
        .then((result) => {
          if (result && result.outbox + result.inbox > 0) {
            this.logger.log(`pruned ${result.outbox} outbox and ${result.inbox} inbox rows of ${this.options.schema}`);
          }
        })
        .catch((err: Error) => this.logger.warn(`pruning ${this.options.schema} failed, tried again next round: ${err.message}`))
        .finally(() => this.schedule(delay));
    }, delay);
    this.timer.unref();
  }

  private async prune(client: Client, table: PrunedTable, key: string, age: string, before: Date): Promise<number> {
    const batchSize = this.options.policy?.batchSize ?? 1000;
    const pauseMs = this.options.policy?.pauseMs ?? 20;
    const batchBudgetMs = (batchSize * 1000) / (this.options.policy?.maxRowsPerSecond ?? Infinity);
    const qualified = `"${this.options.schema}".${table}`;
    let total = 0;
    for (;;) {
      const started = Date.now();
      // The subquery walks the age index and stops at batchSize rows: a statement touches only those.
      const { rowCount } = await client.query(
        `DELETE FROM ${qualified} WHERE ${key} IN (SELECT ${key} FROM ${qualified} WHERE ${age} < $1 LIMIT $2)`,
        [before, batchSize],
      );
      const deleted = rowCount ?? 0;
      total += deleted;
      if (deleted > 0) this.options.metrics?.prunedRows.inc({ table }, deleted);
      if (deleted < batchSize || this.stopping) return total;
      await sleep(Math.max(pauseMs, batchBudgetMs - (Date.now() - started)));
    }
  }
}
