import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where an imported draft came from: the canonical address of the web page it was read from. */
export class DraftOriginalUrl1766200000000 implements MigrationInterface {
  readonly name = 'DraftOriginalUrl1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE ingestion.drafts ADD COLUMN original_url text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE ingestion.drafts DROP COLUMN original_url');
  }
}
