import { MigrationInterface, QueryRunner } from 'typeorm';

/** Published articles: the current ninjs document of each story (json, not jsonb: kept exactly as sent), found by id or slug. */
export class Articles1764200000000 implements MigrationInterface {
  readonly name = 'Articles1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE publication.articles (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        version integer NOT NULL,
        document json NOT NULL,
        first_created timestamptz(3) NOT NULL,
        version_created timestamptz(3) NOT NULL
      )`);
    await db.query('CREATE INDEX articles_newest ON publication.articles (first_created DESC, id DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE publication.articles');
  }
}
