import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (events committed with the state change that caused them, sent later by the relay)
 * and the inbox (ids of events already applied) that every service keeps in its own schema.
 */
export function messagingTablesMigration(schema: string): new () => MigrationInterface {
  return class MessagingTables1764100000000 implements MigrationInterface {
    readonly name = 'MessagingTables1764100000000';

    async up(db: QueryRunner): Promise<void> {
      await db.query(`
        CREATE TABLE "${schema}".outbox (
          id bigserial PRIMARY KEY,
          event_id uuid NOT NULL UNIQUE,
          topic text NOT NULL,
          message_key text NOT NULL,
          event_type text NOT NULL,
          headers jsonb NOT NULL,
          payload text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          sent_at timestamptz
        )`);
      await db.query(`CREATE INDEX outbox_unsent ON "${schema}".outbox (id) WHERE sent_at IS NULL`);
      await db.query(`
        CREATE TABLE "${schema}".inbox (
          event_id text PRIMARY KEY,
          event_type text NOT NULL,
          topic text NOT NULL,
          kafka_partition integer NOT NULL,
          kafka_offset bigint NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE "${schema}".inbox`);
      await db.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}

/**
 * Indexes on the ages the pruner deletes by. Built concurrently, outside a transaction, so that a
 * table already holding millions of rows keeps taking writes meanwhile.
 */
export function messagingRetentionIndexesMigration(schema: string): new () => MigrationInterface {
  return class MessagingRetentionIndexes1767100000000 implements MigrationInterface {
    readonly name = 'MessagingRetentionIndexes1767100000000';
    readonly transaction = false;

    async up(db: QueryRunner): Promise<void> {
      await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_sent_at ON "${schema}".outbox (sent_at) WHERE sent_at IS NOT NULL`);
      await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS inbox_applied_at ON "${schema}".inbox (applied_at)`);
    }

    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}".inbox_applied_at`);
      await db.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}".outbox_sent_at`);
    }
  };
}

/** What an operator decided about each dead letter (replayed, discarded), and why: `dlq list` hides the decided ones. */
export function deadLetterDecisionsMigration(schema: string): new () => MigrationInterface {
  return class DeadLetterDecisions1767100000001 implements MigrationInterface {
    readonly name = 'DeadLetterDecisions1767100000001';

    async up(db: QueryRunner): Promise<void> {
      await db.query(`
        CREATE TABLE "${schema}".dead_letter_decisions (
          dead_letter_id text PRIMARY KEY,
          decision text NOT NULL CHECK (decision IN ('replayed', 'discarded')),
          reason text NOT NULL,
          event_id text,
          decided_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE "${schema}".dead_letter_decisions`);
    }
  };
}

/** The messaging migrations that came after the tables, in order; each app lists them among its own. */
export function messagingOperationsMigrations(schema: string): (new () => MigrationInterface)[] {
  return [messagingRetentionIndexesMigration(schema), deadLetterDecisionsMigration(schema)];
}
