import { ArticleKilled, CloudEvent, toStructuredJson } from '@newsroom/contracts';
import { EntityManager } from 'typeorm';

/**
 * Queues an article event for every subscription that asks for it, in the transaction that stages
 * the event: the delivery exists if and only if the step committed. Disabled subscriptions queue
 * too, so that re-enabling one sends what it missed, in order.
 */
export async function queueWebhookDeliveries(tx: EntityManager, event: CloudEvent): Promise<void> {
  await tx.query(
    `INSERT INTO publication.webhook_deliveries (subscription_id, event_id, event_type, story_id, payload)
     SELECT s.id, $1, $2, $3, $4 FROM publication.webhook_subscriptions s
      WHERE EXISTS (SELECT 1 FROM unnest(s.events) AS e(selector)
                     WHERE e.selector = $2 OR (right(e.selector, 1) = '*' AND starts_with($2, left(e.selector, -1))))
     ON CONFLICT (subscription_id, event_id) DO NOTHING`,
    [event.id, event.type, event.subject, toStructuredJson(event)],
  );
}

/**
 * A kill takes the story's words out of the deliveries already made. Those not made yet still go,
 * so that receivers hear the story in order up to its kill; the dispatcher clears each once made.
 */
export async function purgeDeliveredWebhooks(tx: EntityManager, storyIds: string[]): Promise<void> {
  await tx.query(
    `UPDATE publication.webhook_deliveries SET payload = NULL
      WHERE story_id = ANY($1::uuid[]) AND status = 'delivered' AND payload IS NOT NULL AND event_type <> $2`,
    [storyIds, ArticleKilled.type],
  );
}
