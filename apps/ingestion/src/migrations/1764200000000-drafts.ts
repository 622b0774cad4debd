import { MigrationInterface, QueryRunner } from 'typeorm';

/** Drafts with their revisions, the editors' feedback their authors see, and replayable creates. */
export class Drafts1764200000000 implements MigrationInterface {
  readonly name = 'Drafts1764200000000';

  async up(db: QueryRunner): Promise<void> {
    // Millisecond timestamps: they travel in page cursors and events exactly as stored.
    await db.query(`
      CREATE TABLE ingestion.drafts (
        id uuid PRIMARY KEY,
        revision integer NOT NULL,
        status text NOT NULL,
        author_id text NOT NULL,
        author_name text NOT NULL,
        content jsonb NOT NULL,
        slug text NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        revision_submitted_at timestamptz(3) NOT NULL
      )`);
    await db.query('CREATE INDEX drafts_by_author ON ingestion.drafts (author_id, created_at DESC, id DESC)');
    await db.query('CREATE INDEX drafts_newest ON ingestion.drafts (created_at DESC, id DESC)');
    await db.query(`
      CREATE TABLE ingestion.draft_revisions (
        draft_id uuid NOT NULL REFERENCES ingestion.drafts (id),
        revision integer NOT NULL,
        content jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL,
        PRIMARY KEY (draft_id, revision)
      )`);
    await db.query(`
      CREATE TABLE ingestion.draft_feedback (
        id bigserial PRIMARY KEY,
        draft_id uuid NOT NULL REFERENCES ingestion.drafts (id),
        revision integer NOT NULL,
        decision text NOT NULL,
        editor_id text NOT NULL,
        editor_name text NOT NULL,
        message text,
        decided_at timestamptz(3) NOT NULL
      )`);
    await db.query('CREATE INDEX draft_feedback_by_draft ON ingestion.draft_feedback (draft_id, id)');
    await db.query(`
      CREATE TABLE ingestion.idempotency_keys (
        author_id text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        draft_id uuid NOT NULL REFERENCES ingestion.drafts (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (author_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'draft_feedback', 'draft_revisions', 'drafts'])
      await db.query(`DROP TABLE ingestion.${table}`);
  }
}
