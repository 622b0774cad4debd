import { MigrationInterface, QueryRunner } from 'typeorm';

/** The review queue: one item per story with its current revision and claim, and every decision taken on it. */
export class ReviewQueue1764300000000 implements MigrationInterface {
  readonly name = 'ReviewQueue1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Millisecond timestamps: they travel in page cursors and events exactly as stored.
    await db.query(`
      CREATE TABLE "editorial".review_items (
        story_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'published', 'withdrawn')),
        revision integer NOT NULL CHECK (revision > 0),
        author_id text NOT NULL,
        author_name text NOT NULL,
        content jsonb NOT NULL,
        queued_at timestamptz(3) NOT NULL,
        claimed_by_id text,
        claimed_by_name text,
        claim_expires_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL,
        CONSTRAINT review_items_claim_whole CHECK ((claimed_by_id IS NULL) = (claim_expires_at IS NULL))
      )`);
    await db.query('CREATE INDEX review_items_queue ON "editorial".review_items (status, queued_at, story_id)');
    await db.query(`
      CREATE TABLE "editorial".review_decisions (
        id bigserial PRIMARY KEY,
        story_id uuid NOT NULL REFERENCES "editorial".review_items (story_id),
        revision integer NOT NULL,
        decision text NOT NULL CHECK (decision IN ('approved', 'changes_requested', 'rejected', 'withdrawn')),
        decided_by_id text NOT NULL,
        decided_by_name text NOT NULL,
        why text,
        decided_at timestamptz(3) NOT NULL
      )`);
    await db.query('CREATE INDEX review_decisions_by_story ON "editorial".review_decisions (story_id, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE "editorial".review_decisions');
    await db.query('DROP TABLE "editorial".review_items');
  }
}
