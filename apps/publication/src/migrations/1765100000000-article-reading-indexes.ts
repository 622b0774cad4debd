import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What readers filter published articles by, each in the lists' order (newest first by the time it
 * was first made public), so that a page of a section, a language or a tag reads its own rows only.
 */
export class ArticleReadingIndexes1765100000000 implements MigrationInterface {
  readonly name = 'ArticleReadingIndexes1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      "CREATE INDEX articles_public_by_section ON publication.articles (section, published_at DESC, id DESC) WHERE status = 'published'",
    );
    // Language tags are case-insensitive (RFC 5646 §2.1.1): fr-CA and fr-ca are one language.
    await db.query(
      "CREATE INDEX articles_public_by_language ON publication.articles (lower(language), published_at DESC, id DESC) WHERE status = 'published'",
    );
    await db.query("CREATE INDEX articles_public_by_tag ON publication.articles USING gin (tags) WHERE status = 'published'");
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX publication.articles_public_by_tag');
    await db.query('DROP INDEX publication.articles_public_by_language');
    await db.query('DROP INDEX publication.articles_public_by_section');
  }
}
