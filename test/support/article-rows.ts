import { randomUUID } from 'node:crypto';
import { ArticleAction, ArticleStatus, NinjsDocument, NinjsKilledDocument, StoryContent, toNinjsArticle } from '@newsroom/contracts';
import { journalist, storyContent } from '@newsroom/test-factories';
import { Client } from 'pg';

/** What an article should look like in publication's tables: its status, how many versions, what they say. */
export interface ArticleSpec {
  status?: ArticleStatus;
  /** Version numbers 1..n, each public in turn; the last is current. */
  versions?: number;
  content?: Partial<StoryContent>;
  /** When it was first made public (the lists' order); now by default. */
  publishedAt?: Date;
  /** What made each version after the first (publish). */
  actions?: ArticleAction[];
  /** Public correction notes of the current version, newest first, as the document builder writes them. */
  corrections?: string[];
}

export interface StoredArticle {
  id: string;
  slug: string;
  content: StoryContent;
  /** Every version's document as it was public, version 1 first. */
  versions: NinjsDocument[];
}

/**
 * Publication's tables written directly, as the lifecycle commands leave them (publish, update,
 * correct, unpublish, kill), so that the read side can be tested in every state without them.
 */
export class ArticleRows {
  private readonly written: string[] = [];
  private lastAt = 0;

  constructor(private readonly db: Client) {}

  async insert(spec: ArticleSpec = {}): Promise<StoredArticle> {
    const id = randomUUID();
    const status = spec.status ?? 'published';
    const content = storyContent({ slug: `article-${id}`, ...spec.content });
    const author = journalist();
    // Now, but never twice the same millisecond: the lists' order between two articles is then known.
    const publishedAt = spec.publishedAt ?? new Date((this.lastAt = Math.max(Date.now(), this.lastAt + 1)));
    const count = spec.versions ?? 1;
    const versions: NinjsDocument[] = [];
    for (let number = 1; number <= count; number++) {
      const versionCreated = new Date(publishedAt.getTime() + (number - 1) * 60_000).toISOString();
      const document = toNinjsArticle({
        storyId: id,
        number,
        content: number === count ? content : { ...content, headline: `${content.headline} (version ${number})` },
        author,
        submittedAt: new Date(publishedAt.getTime() - 60_000).toISOString(),
        firstCreated: publishedAt.toISOString(),
        versionCreated,
        ...(number === count && spec.corrections ? { corrections: spec.corrections } : {}),
      });
      versions.push(document);
    }
    const current = versions[count - 1];
    const scheduled = status === 'scheduled';
    await this.db.query(
      `INSERT INTO publication.articles (id, slug, status, version, document, first_created, version_created, publish_at, published_at,
         language, section, tags, content, author, submitted_at, revision, status_reason, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        id,
        content.slug,
        status,
        count,
        JSON.stringify(scheduled ? { ...current, pubStatus: 'withheld', embargoedUntil: publishedAt.toISOString() } : current),
        publishedAt,
        new Date(current.versionCreated),
        scheduled ? publishedAt : null,
        scheduled ? null : publishedAt,
        content.language,
        content.section ?? null,
        content.tags,
        JSON.stringify(content),
        JSON.stringify(author),
        new Date(current.contentCreated!),
        count,
        null,
        new Date(current.versionCreated),
      ],
    );
    if (!scheduled) {
      for (const [index, document] of versions.entries()) {
        const action = index === 0 ? 'publish' : (spec.actions?.[index - 1] ?? 'update');
        await this.db.query(
          'INSERT INTO publication.article_versions (story_id, number, action, document, created_at) VALUES ($1, $2, $3, $4, $5)',
          [id, index + 1, action, JSON.stringify(document), new Date(document.versionCreated)],
        );
      }
    }
    this.written.push(id);
    const article = { id, slug: content.slug, content, versions };
    if (status === 'unpublished') await this.unpublish(article);
    if (status === 'killed') await this.kill(article);
    return article;
  }

  /** What unpublish leaves: the current document canceled, the versions kept. */
  async unpublish(article: StoredArticle): Promise<void> {
    const current = article.versions[article.versions.length - 1];
    await this.db.query(
      "UPDATE publication.articles SET status = 'unpublished', document = $2, status_reason = $3, status_changed_at = now() WHERE id = $1",
      [article.id, JSON.stringify({ ...current, pubStatus: 'canceled' }), 'Vérifications juridiques en cours'],
    );
  }

  /** What kill leaves: no headline, standfirst, body or byline anywhere, the versions' documents purged. */
  async kill(article: StoredArticle): Promise<void> {
    const current = article.versions[article.versions.length - 1];
    const killed: NinjsKilledDocument = {
      uri: current.uri,
      standard: current.standard,
      version: current.version,
      versionCreated: new Date().toISOString(),
      pubStatus: 'canceled',
      edNote: 'Retiré : ne plus utiliser.',
    };
    await this.db.query(
      `UPDATE publication.articles SET status = 'killed', document = $2, content = NULL, status_reason = $3, status_changed_at = now()
       WHERE id = $1`,
      [article.id, JSON.stringify(killed), 'Décision de justice'],
    );
    await this.db.query('UPDATE publication.article_versions SET document = NULL WHERE story_id = $1', [article.id]);
  }

  /** What republish leaves: usable again as a new version. */
  async republish(article: StoredArticle): Promise<NinjsDocument> {
    const previous = article.versions[article.versions.length - 1];
    const number = article.versions.length + 1;
    const document: NinjsDocument = { ...previous, version: String(number), versionCreated: new Date().toISOString(), pubStatus: 'usable' };
    article.versions.push(document);
    await this.db.query(
      "UPDATE publication.articles SET status = 'published', version = $2, document = $3, version_created = $4, status_changed_at = now() WHERE id = $1",
      [article.id, number, JSON.stringify(document), new Date(document.versionCreated)],
    );
    await this.db.query(
      "INSERT INTO publication.article_versions (story_id, number, action, document, created_at) VALUES ($1, $2, 'republish', $3, $4)",
      [article.id, number, JSON.stringify(document), new Date(document.versionCreated)],
    );
    return document;
  }

  /** Removes every article this helper wrote, so that the shared test database keeps only what other suites made. */
  async removeAll(): Promise<void> {
    if (this.written.length === 0) return;
    await this.db.query('DELETE FROM publication.article_versions WHERE story_id = ANY($1::uuid[])', [this.written]);
    await this.db.query('DELETE FROM publication.article_actions WHERE story_id = ANY($1::uuid[])', [this.written]);
    await this.db.query('DELETE FROM publication.articles WHERE id = ANY($1::uuid[])', [this.written]);
  }
}
