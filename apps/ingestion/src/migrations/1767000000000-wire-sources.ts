import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wire sources (polled or pushed) with their poll lease and status, and the items each has given: one row
 * per source and item id, the draft it made, and the fingerprint of the version last taken in.
 */
export class WireSources1767000000000 implements MigrationInterface {
  readonly name = 'WireSources1767000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ingestion.wire_sources (
        name text PRIMARY KEY,
        url text,
        format text NOT NULL,
        poll_seconds integer NOT NULL,
        language text,
        section text,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        next_poll_at timestamptz(3),
        lease_owner text,
        lease_until timestamptz(3),
        etag text,
        last_modified text,
        failures integer NOT NULL DEFAULT 0,
        last_poll_at timestamptz(3),
        last_success_at timestamptz(3),
        last_error text,
        last_error_at timestamptz(3),
        items_seen bigint NOT NULL DEFAULT 0,
        items_created bigint NOT NULL DEFAULT 0,
        items_revised bigint NOT NULL DEFAULT 0,
        items_unchanged bigint NOT NULL DEFAULT 0,
        items_refused bigint NOT NULL DEFAULT 0,
        items_left bigint NOT NULL DEFAULT 0
      )`);
    await db.query('CREATE INDEX wire_sources_due ON ingestion.wire_sources (next_poll_at) WHERE url IS NOT NULL');
    // No foreign key to the source: a source deleted and added again under its name finds its items, and makes no duplicates.
    await db.query(`
      CREATE TABLE ingestion.wire_items (
        source text NOT NULL,
        item_id text NOT NULL,
        draft_id uuid NOT NULL REFERENCES ingestion.drafts (id),
        fingerprint text NOT NULL,
        first_seen_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        PRIMARY KEY (source, item_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ingestion.wire_items');
    await db.query('DROP TABLE ingestion.wire_sources');
  }
}
