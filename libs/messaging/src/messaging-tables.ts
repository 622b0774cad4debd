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
