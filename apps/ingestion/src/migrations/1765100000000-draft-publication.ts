import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publication side of a draft, as ingestion mirrors it from the article events: the article's
 * status and version, its embargo, its corrections and why it was taken down. One JSON value, read
 * and written whole with the draft.
 */
export class DraftPublication1765100000000 implements MigrationInterface {
  readonly name = 'DraftPublication1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE ingestion.drafts ADD COLUMN publication jsonb');
    // Drafts published before this migration: their article could only be live at version 1.
    await db.query(`
      UPDATE ingestion.drafts
         SET publication = jsonb_build_object('status', 'published', 'version', 1, 'scheduledFor', null, 'corrections', '[]'::jsonb, 'takenDown', null)
       WHERE status = 'published'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE ingestion.drafts DROP COLUMN publication');
  }
}
