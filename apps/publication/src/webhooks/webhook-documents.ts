import { z } from 'zod';
import type { DeliveryView, WebhookView } from './webhook-subscriptions';

const Instant = z.iso.datetime({ offset: true });

/** A subscription as admins read it, for the OpenAPI document and the response test. */
export const WebhookDocument = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabled: z.object({ reason: z.string(), at: Instant.nullable() }).nullable(),
  createdAt: Instant,
  createdBy: z.string(),
  pendingDeliveries: z.int().min(0),
});

/** What registering answers: the subscription and its signing secret, shown this once. */
export const NewWebhookDocument = WebhookDocument.extend({
  secret: z.string().meta({ description: 'The Standard Webhooks signing secret (whsec_…): shown only in this answer' }),
});

export const WebhookListDocument = z.object({ items: z.array(WebhookDocument) });

export const DeliveryDocument = z.object({
  webhookId: z.uuid().meta({ description: 'The webhook-id header: the event’s ce_id, the same on every try' }),
  type: z.string(),
  storyId: z.uuid(),
  status: z.enum(['pending', 'delivered']),
  attempts: z.int().min(0),
  createdAt: Instant,
  lastAttemptAt: Instant.nullable(),
  lastStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
});

export const DeliveryLogDocument = z.object({ items: z.array(DeliveryDocument) });

// The views the controller returns are the documented shapes.
export type WebhookViewIsDocumented = WebhookView extends z.infer<typeof WebhookDocument> ? true : never;
export type DeliveryViewIsDocumented = DeliveryView extends z.infer<typeof DeliveryDocument> ? true : never;
const viewsAreDocumented: [WebhookViewIsDocumented, DeliveryViewIsDocumented] = [true, true];
void viewsAreDocumented;
