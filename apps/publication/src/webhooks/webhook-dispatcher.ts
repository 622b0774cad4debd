import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ArticleKilled } from '@newsroom/contracts';
import { METRICS_REGISTRY, SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Registry } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import type { PublicationConfig } from '../publication.settings';
import { guardedLookup, refusedTarget, TargetPolicy, targetPolicy } from './webhook-targets';

/** Deliveries sent at once by one instance (each to another subscription). */
const BATCH = 20;
/** How long the dispatcher sleeps at most between looks at the queue. */
const NAP_MS = 250;
/** How long a delivery made stays in the log, and how often older ones are deleted. */
const DELIVERY_LOG_DAYS = 7;
const PRUNE_EVERY_MS = 10 * 60_000;
/** What a receiver's answer may hold that we read (its status is what counts). */
const MAX_ANSWER_BYTES = 64 * 1024;

interface Claimed {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  retry_since: Date;
  url: string;
  secret: string;
}

type Outcome = { delivered: true; status: number } | { delivered: false; status: number | null; error: string };

/** One POST, signed per Standard Webhooks: no redirect followed, a deadline on the whole exchange, a guarded DNS lookup. */
export function postWebhook(
  target: { url: string; secret: string },
  delivery: { webhookId: string; payload: string },
  options: { timeoutMs: number; policy: TargetPolicy },
): Promise<Outcome> {
  const refused = refusedTarget(target.url, options.policy);
  if (refused) return Promise.resolve({ delivered: false, status: null, error: `the url ${refused}` });
  const url = new URL(target.url);
  const sentAt = new Date();
  const headers = {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(delivery.payload)),
    'user-agent': 'Newsroom-Webhooks/1',
    'webhook-id': delivery.webhookId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(target.secret).sign(delivery.webhookId, sentAt, delivery.payload),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const req = send(url, { method: 'POST', headers, lookup: guardedLookup(options.policy), agent: false }, (res) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) res.destroy();
      });
      const status = res.statusCode ?? 0;
      const done = () =>
        settle(status >= 200 && status < 300 ? { delivered: true, status } : { delivered: false, status, error: `answered ${status}` });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    const deadline = setTimeout(() => {
      req.destroy();
      settle({ delivered: false, status: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => settle({ delivered: false, status: null, error: err.message || String(err.code) }));
    req.end(delivery.payload);
  });
}

/**
 * Sends queued webhook deliveries. Per subscription only the oldest pending one is ever in flight,
 * so receivers get a story's events in order; a lease in Postgres lets several instances share the
 * work without sending one twice at once, and a crash mid-send only delays it (same webhook-id).
 * A failure is retried after a doubling wait with jitter; past WEBHOOK_RETRY_WINDOW_SECONDS the
 * subscription is disabled with the reason, and its deliveries wait for an admin to re-enable it.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly owner = randomUUID();
  private readonly policy: TargetPolicy;
  private readonly attempts: Counter;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private prunedAt = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PublicationConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.policy = targetPolicy(config);
    this.attempts = new Counter({
      name: 'newsroom_webhook_attempts_total',
      help: 'Webhook delivery attempts, by outcome (delivered, failed).',
      labelNames: ['outcome'],
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

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        while (this.running && (await this.sendDue()) > 0);
        if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) await this.prune();
        failures = 0;
        await this.nap(NAP_MS);
      } catch (err) {
        failures += 1;
        this.logger.warn(`webhook deliveries paused after: ${(err as Error).message}`);
        await this.nap(Math.min(250 * 2 ** failures, 5000));
      }
    }
  }

  /** Claims the due heads of up to BATCH subscriptions' queues, sends them side by side, records each outcome; returns how many. */
  async sendDue(): Promise<number> {
    const leaseSeconds = Math.ceil(this.config.WEBHOOK_TIMEOUT_MS / 1000) + 30;
    // An UPDATE answers [rows, count].
    const [claimed]: [Claimed[], number] = await this.db.query(
      `WITH heads AS (
         SELECT id FROM (
           SELECT DISTINCT ON (d.subscription_id) d.id, d.next_attempt_at, d.lease_until
             FROM publication.webhook_deliveries d JOIN publication.webhook_subscriptions s ON s.id = d.subscription_id
            WHERE d.status = 'pending' AND s.enabled
            ORDER BY d.subscription_id, d.id
         ) head
          WHERE head.next_attempt_at <= clock_timestamp() AND (head.lease_until IS NULL OR head.lease_until < clock_timestamp())
          LIMIT $3
       )
       UPDATE publication.webhook_deliveries d
          SET lease_until = clock_timestamp() + make_interval(secs => $1), lease_owner = $2
         FROM heads, publication.webhook_subscriptions s
        WHERE d.id = heads.id AND s.id = d.subscription_id AND d.status = 'pending'
          AND d.next_attempt_at <= clock_timestamp() AND (d.lease_until IS NULL OR d.lease_until < clock_timestamp())
       RETURNING d.id, d.subscription_id, d.event_id, d.event_type, d.payload, d.attempts, d.retry_since, s.url, s.secret`,
      [leaseSeconds, this.owner, BATCH],
    );
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return claimed.length;
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const outcome = await postWebhook(
      { url: delivery.url, secret: delivery.secret },
      { webhookId: delivery.event_id, payload: delivery.payload },
      { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, policy: this.policy },
    );
    this.attempts.inc({ outcome: outcome.delivered ? 'delivered' : 'failed' });
    if (outcome.delivered) {
      // Once made, a killed story's delivery keeps no words of it.
      await this.db.query(
        `UPDATE publication.webhook_deliveries d
            SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_status = $2,
                last_error = NULL, lease_until = NULL,
                payload = CASE WHEN d.event_type <> $4 AND EXISTS (SELECT 1 FROM publication.articles a WHERE a.id = d.story_id AND a.status = 'killed')
                               THEN NULL ELSE d.payload END
          WHERE d.id = $1 AND d.lease_owner = $3`,
        [delivery.id, outcome.status, this.owner, ArticleKilled.type],
      );
      return;
    }
    const attempts = delivery.attempts + 1;
    const wait = Math.min(this.config.WEBHOOK_RETRY_BASE_MS * 2 ** (attempts - 1), this.config.WEBHOOK_RETRY_MAX_MS);
    const jittered = Math.round(wait / 2 + Math.random() * (wait / 2));
    const expired = Date.now() - delivery.retry_since.getTime() >= this.config.WEBHOOK_RETRY_WINDOW_SECONDS * 1000;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE publication.webhook_deliveries
            SET attempts = $2, last_attempt_at = now(), last_status = $3, last_error = $4, lease_until = NULL,
                next_attempt_at = clock_timestamp() + make_interval(secs => $5::double precision / 1000)
          WHERE id = $1 AND lease_owner = $6`,
        [delivery.id, attempts, outcome.status, outcome.error.slice(0, 500), jittered, this.owner],
      );
      if (expired) {
        const reason = `deliveries failed for ${this.config.WEBHOOK_RETRY_WINDOW_SECONDS} s; the last: ${outcome.error}`.slice(0, 500);
        await tx.query(
          'UPDATE publication.webhook_subscriptions SET enabled = false, disabled_reason = $2, disabled_at = now() WHERE id = $1 AND enabled',
          [delivery.subscription_id, reason],
        );
        this.logger.warn(`webhook ${delivery.subscription_id} disabled: ${reason}`);
      }
    });
  }

  /** Deliveries made are kept for the log DELIVERY_LOG_DAYS, then deleted: the table stays bounded. */
  private async prune(): Promise<void> {
    this.prunedAt = Date.now();
    await this.db.query(
      `DELETE FROM publication.webhook_deliveries WHERE status = 'delivered' AND delivered_at < now() - make_interval(days => $1)`,
      [DELIVERY_LOG_DAYS],
    );
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
