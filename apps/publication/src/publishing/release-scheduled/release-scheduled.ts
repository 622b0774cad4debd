import { Person, Refusal } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { METRICS_REGISTRY } from '@newsroom/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockedArticle, saveStep } from '../article-store';
import { articleStep } from '../article-step';

/** Who releases an embargoed story: the schedule an editor set, on their behalf. */
export const THE_SCHEDULE: Person = { id: 'newsroom-schedule', name: 'Newsroom schedule' };

/** How long the clock sleeps at most: another instance may have moved a time earlier, and a crash must not go unnoticed for long. */
const MAX_NAP_MS = 500;
/** Stories released in one transaction. */
const BATCH = 50;

/**
 * Releases scheduled articles at their time. The schedule is in Postgres, not in a timer: any
 * instance finds what is due (also what fell due while every instance was down), and row locks
 * with SKIP LOCKED plus the lifecycle's status check make each release happen exactly once when
 * several instances run. Between releases it sleeps until the next time due, or MAX_NAP_MS.
 */
@Injectable()
export class ReleaseScheduled implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReleaseScheduled.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly lateness: Histogram;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.lateness = new Histogram({
      name: 'newsroom_scheduled_release_lateness_seconds',
      help: 'How long after its publishAt a scheduled article was released (committed).',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** A time was set or moved in a transaction about to commit: look again once it has. */
  wakeAfterCommit(): void {
    setTimeout(() => this.wake?.(), 20).unref();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        while (this.running && (await this.releaseDue()) === BATCH);
        failures = 0;
        await this.nap(await this.untilNextDue());
      } catch (err) {
        failures += 1;
        this.logger.warn(`releasing scheduled articles paused after: ${(err as Error).message}`);
        await this.nap(Math.min(250 * 2 ** failures, 5000));
      }
    }
  }

  /** Releases up to BATCH articles whose time has come, in one transaction; returns how many. */
  async releaseDue(): Promise<number> {
    const dueAt: string[] = [];
    const count = await this.db.transaction(async (tx) => {
      const due: { id: string }[] = await tx.query(
        `SELECT id FROM publication.articles WHERE status = 'scheduled' AND publish_at <= clock_timestamp()
          ORDER BY publish_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      for (const { id } of due) {
        const article = await lockedArticle(tx, id);
        if (!article) continue;
        const at = new Date();
        const step = articleStep(article.state, { action: 'release' }, at.toISOString());
        if (step instanceof Refusal) {
          this.logger.warn(`release of ${id} refused: ${step.message}`);
          continue;
        }
        await saveStep(tx, this.outbox, step, 'release', THE_SCHEDULE, at, true);
        this.logger.log(`released ${id}, scheduled for ${article.state.publishAt}, at ${at.toISOString()}`);
        if (article.state.publishAt) dueAt.push(article.state.publishAt);
      }
      return due.length;
    });
    const committed = Date.now();
    for (const publishAt of dueAt) this.lateness.observe(Math.max(0, committed - Date.parse(publishAt)) / 1000);
    return count;
  }

  private async untilNextDue(): Promise<number> {
    const [next]: { wait_ms: number | null }[] = await this.db.query(
      `SELECT EXTRACT(EPOCH FROM (min(publish_at) - clock_timestamp())) * 1000 AS wait_ms
         FROM publication.articles WHERE status = 'scheduled'`,
    );
    const wait = next?.wait_ms === null || next?.wait_ms === undefined ? MAX_NAP_MS : Number(next.wait_ms);
    return Math.max(0, Math.min(wait, MAX_NAP_MS));
  }

  private nap(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
