import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What editors need to see a story's past: every revision's content (for diffs), every claim, an
 * approval's publication time, and, for an update of a published story, the live version it
 * updates and the revision behind that version.
 */
export class ReviewHistory1765100000000 implements MigrationInterface {
  readonly name = 'ReviewHistory1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "editorial".review_items
        ADD COLUMN updates_version integer CHECK (updates_version > 0),
        ADD COLUMN base_revision integer CHECK (base_revision > 0)`);
    await db.query(`
      CREATE TABLE "editorial".review_revisions (
        story_id uuid NOT NULL REFERENCES "editorial".review_items (story_id),
        revision integer NOT NULL CHECK (revision > 0),
        author_id text NOT NULL,
        author_name text NOT NULL,
        content jsonb NOT NULL,
        submitted_at timestamptz(3) NOT NULL,
        updates_version integer,
        base_revision integer,
        PRIMARY KEY (story_id, revision)
      )`);
    // Stories queued before this migration: only their current revision was kept.
    await db.query(`
      INSERT INTO "editorial".review_revisions (story_id, revision, author_id, author_name, content, submitted_at)
      SELECT story_id, revision, author_id, author_name, content, queued_at FROM "editorial".review_items`);
    await db.query(`
      CREATE TABLE "editorial".review_claims (
        id bigserial PRIMARY KEY,
        story_id uuid NOT NULL REFERENCES "editorial".review_items (story_id),
        revision integer NOT NULL,
        claimed_by_id text NOT NULL,
        claimed_by_name text NOT NULL,
        claimed_at timestamptz(3) NOT NULL,
        claimed_until timestamptz(3) NOT NULL
      )`);
    await db.query('CREATE INDEX review_claims_by_story ON "editorial".review_claims (story_id, id)');
    // The claims held at migration time; when each was taken is not known, so its last change stands in.
    await db.query(`
      INSERT INTO "editorial".review_claims (story_id, revision, claimed_by_id, claimed_by_name, claimed_at, claimed_until)
      SELECT story_id, revision, claimed_by_id, claimed_by_name, updated_at, claim_expires_at
        FROM "editorial".review_items WHERE claimed_by_id IS NOT NULL`);
    await db.query('ALTER TABLE "editorial".review_decisions ADD COLUMN publish_at timestamptz(3)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE "editorial".review_decisions DROP COLUMN publish_at');
    await db.query('DROP TABLE "editorial".review_claims');
    await db.query('DROP TABLE "editorial".review_revisions');
    await db.query('ALTER TABLE "editorial".review_items DROP COLUMN updates_version, DROP COLUMN base_revision');
  }
}
