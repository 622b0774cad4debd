import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where each article stands in the publishing lifecycle; every article so far was published. */
export class ArticleStatus1764900000000 implements MigrationInterface {
  readonly name = 'ArticleStatus1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE publication.articles
        ADD COLUMN status text NOT NULL DEFAULT 'published'
        CHECK (status IN ('scheduled', 'published', 'unpublished', 'killed'))`);
    // The default only fills the rows already there: a new article's status comes from the lifecycle.
    await db.query('ALTER TABLE publication.articles ALTER COLUMN status DROP DEFAULT');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE publication.articles DROP COLUMN status');
  }
}
