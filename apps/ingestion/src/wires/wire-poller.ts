import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MAX_FEED_BYTES } from '@newsroom/content';
import { SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { IngestionConfig } from '../ingestion.settings';
import { FeedUnusable, feedReading } from './wire-feeds';
import { WireImport } from './wire-import';
import { WireMetrics } from './wire-metrics';
import { WireSource } from './wire-source.entity';

const ACCEPT = {
  rss: 'application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
  atom: 'application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
  ninjs: 'application/json, */*;q=0.1',
} as const;

// Sources polled at once by one instance: a source that hangs holds one slot until its timeout, not the others.
const AT_ONCE = 4;
// The longest a failing source waits between tries (or its own interval, when longer).
const MAX_BACKOFF_SECONDS = 900;

export type Fetched = { notModified: true } | { notModified: false; text: string; etag: string | null; lastModified: string | null };

/** The charset the answer's Content-Type names, else the XML declaration's, else UTF-8. */
function decoded(bytes: Uint8Array, contentType: string | null): string {
  const named =
    /;\s*charset\s*=\s*"?([\w.:-]{1,40})"?/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]{1,40})["']/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 200)))?.[1];
  try {
    return new TextDecoder(named ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** One conditional GET of a source's feed, bounded in time (the whole answer) and size. */
export async function fetchFeed(source: WireSource, timeoutMs: number, maxBytes = MAX_FEED_BYTES): Promise<Fetched> {
  const headers: Record<string, string> = { accept: ACCEPT[source.format], 'user-agent': 'Newsroom-ingestion (wire poller)' };
  if (source.etag) headers['if-none-match'] = source.etag;
  if (source.lastModified) headers['if-modified-since'] = source.lastModified;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(source.url!, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { notModified: true };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the source answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new Error(`the feed is ${declared} bytes, more than the ${maxBytes} a feed may be`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).byteLength;
      if (size > maxBytes) throw new Error(`the feed is more than the ${maxBytes} bytes a feed may be`);
      chunks.push(chunk as Uint8Array);
    }
    const bytes = Buffer.concat(chunks);
    return {
      notModified: false,
      text: decoded(bytes, response.headers.get('content-type')),
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    };
  } catch (err) {
    if (signal.aborted) throw new Error(`the source did not answer in full within ${timeoutMs} ms`, { cause: err });
    throw err instanceof Error && err.message === 'fetch failed' && err.cause instanceof Error
      ? new Error(`the source could not be reached: ${err.cause.message}`, { cause: err })
      : err;
  }
}

/** Seconds until the next try after `failures` failed polls in a row: doubling from the source's interval, up to 15 minutes (or the interval). */
export function backoffSeconds(pollSeconds: number, failures: number): number {
  return Math.min(pollSeconds * 2 ** Math.min(failures, 20), Math.max(pollSeconds, MAX_BACKOFF_SECONDS));
}

/**
 * Polls the sources that have a url, each when it is due. A source is leased in Postgres for the poll
 * (`WIRE_LEASE_SECONDS`), so that of several ingestion instances one polls it at a time; a poll that
 * dies with its instance leaves the lease to run out, and the next instance takes the source up.
 */
@Injectable()
export class WirePoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WirePoller');
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
    private readonly wireImport: WireImport,
    private readonly metrics: WireMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WIRE_POLL_TICK_MS > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.logger.warn(`wire polling: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.config.WIRE_POLL_TICK_MS);
  }

  /** Polls what is due now, a few at a time, until nothing is. */
  async tick(): Promise<void> {
    for (let round = 0; round < 25 && !this.stopped; round++) {
      const due = await this.claim();
      if (due.length === 0) return;
      await Promise.all(due.map((source) => this.poll(source)));
    }
  }

  /** Leases the sources due (or whose last poller's lease ran out), skipping those another instance is claiming this instant. */
  private async claim(): Promise<WireSource[]> {
    const [rows] = await this.db.query<[{ name: string }[], number]>(
      `UPDATE ingestion.wire_sources SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
        WHERE name IN (SELECT name FROM ingestion.wire_sources
                        WHERE url IS NOT NULL AND next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING name`,
      [this.owner, this.config.WIRE_LEASE_SECONDS, AT_ONCE],
    );
    if (rows.length === 0) return [];
    return this.db.manager.findBy(WireSource, { name: In(rows.map((row) => row.name)) });
  }

  private async poll(source: WireSource): Promise<void> {
    const name = source.name;
    try {
      const fetched = await fetchFeed(source, this.config.WIRE_FETCH_TIMEOUT_MS);
      if (fetched.notModified) {
        await this.release(source, { etag: source.etag, lastModified: source.lastModified });
        this.metrics.polls.inc({ source: name, result: 'not_modified' });
        this.metrics.lastSuccess.set({ source: name }, Date.now() / 1000);
        return;
      }
      const reading = await feedReading({ text: fetched.text, format: source.format });
      const counts = await this.wireImport.importItems(source, reading.items);
      await this.release(source, fetched);
      this.metrics.polls.inc({ source: name, result: 'ok' });
      if (counts.refused.length)
        this.logger.warn(
          `wire ${name}: ${counts.refused.length} items refused, the first: ${counts.refused[0].item}: ${counts.refused[0].reason}`,
        );
    } catch (err) {
      const where =
        err instanceof FeedUnusable && err.where.line !== undefined ? ` (line ${err.where.line}, column ${err.where.column})` : '';
      const message = `${err instanceof Error ? err.message : String(err)}${where}`.slice(0, 2000);
      this.metrics.polls.inc({ source: name, result: 'error' });
      this.logger.warn(`wire ${name}: poll of ${source.url} failed: ${message}`);
      await this.db
        .query(
          `UPDATE ingestion.wire_sources
              SET lease_owner = NULL, lease_until = NULL, failures = failures + 1, last_poll_at = now(),
                  last_error = $3, last_error_at = now(),
                  next_poll_at = now() + make_interval(secs => least(poll_seconds * power(2, least(failures, 20)), greatest(poll_seconds, $4)))
            WHERE name = $1 AND lease_owner = $2`,
          [name, this.owner, message, MAX_BACKOFF_SECONDS],
        )
        .catch((failed: unknown) => this.logger.warn(`wire ${name}: its status could not be saved: ${String(failed)}`));
    }
  }

  /** A poll done: the validators kept for the next one, the failures forgotten, the next poll one interval on. */
  private async release(source: WireSource, validators: { etag: string | null; lastModified: string | null }): Promise<void> {
    await this.db.query(
      `UPDATE ingestion.wire_sources
          SET lease_owner = NULL, lease_until = NULL, failures = 0, last_poll_at = now(), last_success_at = now(),
              etag = $3, last_modified = $4, next_poll_at = now() + make_interval(secs => poll_seconds)
        WHERE name = $1 AND lease_owner = $2`,
      [source.name, this.owner, validators.etag, validators.lastModified],
    );
  }
}
