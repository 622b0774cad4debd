import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and their deliveries. A delivery row is written in the transaction that stages
 * the article event it carries, so that a crash never loses one; per subscription, rows go out in id order.
 */
export class Webhooks1767200000000 implements MigrationInterface {
  readonly name = 'Webhooks1767200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE publication.webhook_subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE publication.webhook_deliveries (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES publication.webhook_subscriptions (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        story_id uuid NOT NULL,
        payload text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered')),
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        retry_since timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        lease_owner uuid,
        last_attempt_at timestamptz,
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        UNIQUE (subscription_id, event_id),
        -- Only a delivery made may lose its payload (a killed story's): a pending one always has what it sends.
        CHECK (status = 'delivered' OR payload IS NOT NULL)
      )`);
    // The head of each subscription's queue, and its log newest first.
    await db.query(
      "CREATE INDEX webhook_deliveries_pending ON publication.webhook_deliveries (subscription_id, id) WHERE status = 'pending'",
    );
    await db.query('CREATE INDEX webhook_deliveries_log ON publication.webhook_deliveries (subscription_id, id DESC)');
    await db.query('CREATE INDEX webhook_deliveries_story ON publication.webhook_deliveries (story_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE publication.webhook_deliveries');
    await db.query('DROP TABLE publication.webhook_subscriptions');
  }
}
