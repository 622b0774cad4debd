import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { purgeSentEvents } from '../article-store';

/** Events of a killed story may still be waiting in the outbox for this long; after that the sweep stops looking. */
const SWEEP_WINDOW = '1 hour';
const EVERY_MS = 1000;

/**
 * Finishes a kill: the story's events that were still unsent when it was killed go out (consumers
 * hear every step in order), and this sweep then clears their payloads, so the killed words do not
 * stay in publication's outbox.
 */
@Injectable()
export class PurgeKilled implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PurgeKilled.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void (this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined))), EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    try {
      const killed: { id: string }[] = await this.db.query(
        `SELECT id::text FROM publication.articles WHERE status = 'killed' AND status_changed_at > now() - interval '${SWEEP_WINDOW}'`,
      );
      if (killed.length === 0) return;
      const cleared = await purgeSentEvents(
        this.db.manager,
        killed.map((row) => row.id),
      );
      if (cleared > 0) this.logger.log(`cleared ${cleared} sent events of killed stories`);
    } catch (err) {
      this.logger.warn(`purging killed stories' events: ${(err as Error).message}`);
    }
  }
}
