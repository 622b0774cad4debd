import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The article's life after its first version: the schedule, every version as it was public, every
 * action with who, when and why, and the columns readers filter on. Latest-state records (null
 * payload: a tombstone) go through the outbox too.
 */
export class ArticleLifecycle1765000000000 implements MigrationInterface {
  readonly name = 'ArticleLifecycle1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE publication.articles
        ADD COLUMN publish_at timestamptz(3),
        ADD COLUMN published_at timestamptz(3),
        ADD COLUMN language text,
        ADD COLUMN section text,
        ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
        ADD COLUMN content json,
        ADD COLUMN author json,
        ADD COLUMN submitted_at timestamptz(3),
        ADD COLUMN revision integer,
        ADD COLUMN status_reason text,
        ADD COLUMN status_changed_at timestamptz(3),
        ADD CONSTRAINT articles_scheduled_has_time CHECK ((status = 'scheduled') = (publish_at IS NOT NULL))`);
    // Articles written before this migration: what their document says.
    await db.query(`
      UPDATE publication.articles SET
        published_at = first_created,
        language = document->>'language',
        section = (SELECT s->>'name' FROM json_array_elements(document->'subjects') s WHERE s->>'rel' = 'section' LIMIT 1),
        tags = COALESCE(ARRAY(SELECT s->>'name' FROM json_array_elements(document->'subjects') s WHERE s->>'rel' = 'tag'), '{}'),
        status_changed_at = version_created`);
    await db.query("CREATE INDEX articles_due ON publication.articles (publish_at) WHERE status = 'scheduled'");
    await db.query("CREATE INDEX articles_public ON publication.articles (published_at DESC, id DESC) WHERE status = 'published'");
    await db.query(`
      CREATE TABLE publication.article_versions (
        story_id uuid NOT NULL REFERENCES publication.articles (id),
        number integer NOT NULL CHECK (number > 0),
        action text NOT NULL,
        document json,
        created_at timestamptz(3) NOT NULL,
        PRIMARY KEY (story_id, number)
      )`);
    await db.query(`
      INSERT INTO publication.article_versions (story_id, number, action, document, created_at)
      SELECT id, version, 'publish', document, version_created FROM publication.articles`);
    await db.query(`
      CREATE TABLE publication.article_actions (
        id bigserial PRIMARY KEY,
        story_id uuid NOT NULL REFERENCES publication.articles (id),
        action text NOT NULL,
        version integer NOT NULL,
        by_id text NOT NULL,
        by_name text NOT NULL,
        why text,
        publish_at timestamptz(3),
        at timestamptz(3) NOT NULL
      )`);
    await db.query('CREATE INDEX article_actions_by_story ON publication.article_actions (story_id, id)');
    await db.query('ALTER TABLE publication.outbox ALTER COLUMN payload DROP NOT NULL');
    // A kill purges the payloads of the story's events once they are sent: found by key.
    await db.query('CREATE INDEX outbox_by_key ON publication.outbox (message_key) WHERE payload IS NOT NULL');
    await db.query("CREATE INDEX articles_killed ON publication.articles (status_changed_at) WHERE status = 'killed'");
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX publication.outbox_by_key');
    await db.query('DROP INDEX publication.articles_killed');
    await db.query('ALTER TABLE publication.outbox ALTER COLUMN payload SET NOT NULL');
    await db.query('DROP TABLE publication.article_actions');
    await db.query('DROP TABLE publication.article_versions');
    await db.query(`
      ALTER TABLE publication.articles
        DROP CONSTRAINT articles_scheduled_has_time,
        DROP COLUMN publish_at, DROP COLUMN published_at, DROP COLUMN language, DROP COLUMN section, DROP COLUMN tags,
        DROP COLUMN content, DROP COLUMN author, DROP COLUMN submitted_at, DROP COLUMN revision, DROP COLUMN status_reason, DROP COLUMN status_changed_at`);
  }
}
