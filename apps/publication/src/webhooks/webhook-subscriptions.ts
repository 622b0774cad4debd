import { randomBytes, randomUUID } from 'node:crypto';
import { allContracts, isStoryId, Refusal, Topics } from '@newsroom/contracts';
import { Inject, Injectable, Param, PipeTransform } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException, SERVICE_CONFIG } from '@newsroom/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { PublicationConfig } from '../publication.settings';
import { refusedTarget, targetPolicy } from './webhook-targets';

/** The events a subscription can ask for: every step of an article's public life. */
export const WEBHOOK_EVENT_TYPES = allContracts()
  .filter((contract) => contract.topic === Topics.articles)
  .map((contract) => contract.type);

/** A type, or a prefix ending in `*` that at least one type has (`newsroom.article.*`, `*`). */
const EventSelector = z
  .string()
  .max(100)
  .refine(
    (selector) =>
      selector.endsWith('*')
        ? WEBHOOK_EVENT_TYPES.some((type) => type.startsWith(selector.slice(0, -1)))
        : WEBHOOK_EVENT_TYPES.includes(selector),
    `must be an article event type (${WEBHOOK_EVENT_TYPES.join(', ')}) or a prefix of one ending in *`,
  );

const SECRET = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

/** `POST /v1/webhooks`: where to send which events; the signing secret is made when none is given. */
export const NewWebhook = z
  .object({
    url: z.string().max(2000),
    events: z.array(EventSelector).min(1).max(20),
    secret: z
      .string()
      .regex(SECRET, 'must be "whsec_" and 24 to 64 random bytes in base64')
      .refine((secret) => {
        const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
        return bytes >= 24 && bytes <= 64;
      }, 'must be "whsec_" and 24 to 64 random bytes in base64')
      .optional(),
  })
  .strict();
export type NewWebhook = z.output<typeof NewWebhook>;

export interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  secret: string;
  created_by: string;
  created_at: Date;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  pending?: string;
}

interface DeliveryRow {
  event_id: string;
  event_type: string;
  story_id: string;
  status: 'pending' | 'delivered';
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

const at = (time: Date | null) => time?.toISOString() ?? null;

export function webhookView(row: SubscriptionRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    disabled: row.enabled ? null : { reason: row.disabled_reason ?? '', at: at(row.disabled_at) },
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    pendingDeliveries: Number(row.pending ?? 0),
  };
}
export type WebhookView = ReturnType<typeof webhookView>;

function deliveryView(row: DeliveryRow) {
  return {
    webhookId: row.event_id,
    type: row.event_type,
    storyId: row.story_id,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: at(row.last_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    deliveredAt: at(row.delivered_at),
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

const noSuchWebhook = (id: string) =>
  new Refusal(
    'no-such-webhook',
    'not-found',
    'No such webhook',
    `no webhook ${JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id)}`,
  );

/** `@WebhookIdParam()`: an id no subscription can have is a 404, and never reaches the database. */
export const WebhookIdParam = (): ParameterDecorator =>
  Param('id', {
    transform(id: string) {
      if (!isStoryId(id)) throw noSuchWebhook(id);
      return id;
    },
  } satisfies PipeTransform<string, string>);

const SELECT = `SELECT s.*, (SELECT count(*) FROM publication.webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending') AS pending
                  FROM publication.webhook_subscriptions s`;

/** Admins register, read, remove and re-enable webhook subscriptions, and read their delivery logs. */
@Injectable()
export class WebhookSubscriptions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PublicationConfig,
  ) {}

  async create(input: NewWebhook, by: string): Promise<WebhookView & { secret: string }> {
    const refused = refusedTarget(input.url, targetPolicy(this.config));
    if (refused)
      throw new ProblemException({
        status: 400,
        detail: `The receiver's url ${refused}.`,
        extensions: { errors: [{ field: 'url', message: refused }] },
      });
    const row: SubscriptionRow = {
      id: randomUUID(),
      url: input.url,
      events: [...new Set(input.events)],
      secret: input.secret ?? `whsec_${randomBytes(32).toString('base64')}`,
      created_by: by,
      created_at: new Date(),
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
    };
    await this.db.query(
      `INSERT INTO publication.webhook_subscriptions (id, url, events, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.url, row.events, row.secret, row.created_by, row.created_at],
    );
    return { ...webhookView(row), secret: row.secret };
  }

  async list(): Promise<WebhookView[]> {
    const rows: SubscriptionRow[] = await this.db.query(`${SELECT} ORDER BY s.created_at, s.id LIMIT 1000`);
    return rows.map(webhookView);
  }

  async read(id: string): Promise<WebhookView> {
    const [row]: SubscriptionRow[] = await this.db.query(`${SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw noSuchWebhook(id);
    return webhookView(row);
  }

  async remove(id: string): Promise<void> {
    const [, removed] = await this.db.query<[unknown, number]>('DELETE FROM publication.webhook_subscriptions WHERE id = $1', [id]);
    if (!removed) throw noSuchWebhook(id);
  }

  /** Sends again what waited while it was disabled, in order, with a fresh retry window. */
  async enable(id: string): Promise<WebhookView> {
    await this.db.transaction(async (tx) => {
      const [, updated] = await tx.query<[unknown, number]>(
        'UPDATE publication.webhook_subscriptions SET enabled = true, disabled_reason = NULL, disabled_at = NULL WHERE id = $1',
        [id],
      );
      if (!updated) throw noSuchWebhook(id);
      await tx.query(
        `UPDATE publication.webhook_deliveries SET retry_since = now(), next_attempt_at = now() WHERE subscription_id = $1 AND status = 'pending'`,
        [id],
      );
    });
    return this.read(id);
  }

  /** The subscription's latest deliveries, newest first. */
  async deliveries(id: string): Promise<DeliveryView[]> {
    await this.read(id);
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT event_id, event_type, story_id, status, attempts, created_at, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at
         FROM publication.webhook_deliveries WHERE subscription_id = $1 ORDER BY id DESC LIMIT 100`,
      [id],
    );
    return rows.map(deliveryView);
  }
}
