import type { Pool } from 'pg';
import { ArticlePublished, CloudEventHeaders, Topics } from '@newsroom/contracts';
import { dedupByOffset, RecordedMessage } from './topic-recorder';

/** What the databases say about a scenario's stories once the dust has settled. */
export interface Census {
  /** status -> count among the ids (ingestion.drafts.status). */
  drafts: Record<string, number>;
  /** Review items among the ids that editorial holds as approved. */
  reviewsApproved: number;
  /** 'approved' decisions recorded among the ids; more than reviewsApproved means a story was approved twice. */
  approvalDecisions: number;
  articles: number;
  /**
   * Stories published more than once: two article rows claiming the story (by id or by the
   * `draft-id` altId of their document), or an article past version 1, which one approval never makes.
   */
  storiesWithMoreThanOneArticle: string[];
  /** Stories whose journalist sees the same editorial decision twice (one review event applied twice by ingestion). */
  repeatedFeedback: string[];
  /** Ids whose draft is not `published`, including ids ingestion has no draft for. */
  unpublishedDrafts: string[];
  /** schema -> outbox rows not yet sent, ALL rows, not only these ids: a stuck relay shows whatever it holds. */
  unsentOutboxRows: Record<string, number>;
}

export const SERVICE_SCHEMAS = ['ingestion', 'editorial', 'publication'] as const;

/** Reads each service's schema directly (as superuser), not through the APIs a fault may have broken. */
export async function takeCensus(pool: Pool, storyIds: string[]): Promise<Census> {
  const ids = [...new Set(storyIds)];

  const drafts = await pool.query<{ id: string; status: string }>(
    'SELECT id::text, status FROM ingestion.drafts WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const statusOf = new Map(drafts.rows.map((row) => [row.id, row.status]));
  const draftCounts: Record<string, number> = {};
  for (const status of statusOf.values()) draftCounts[status] = (draftCounts[status] ?? 0) + 1;

  const reviews = await pool.query<{ approved: number; decisions: number }>(
    `SELECT (SELECT count(*) FROM editorial.review_items WHERE story_id = ANY($1::uuid[]) AND status IN ('approved', 'published'))::int AS approved,
            (SELECT count(*) FROM editorial.review_decisions WHERE story_id = ANY($1::uuid[]) AND decision = 'approved')::int AS decisions`,
    [ids],
  );

  const articles = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM publication.articles WHERE id = ANY($1::uuid[])',
    [ids],
  );

  // articles.id is the primary key, so a second publication can only hide under another id or as a later version.
  const repeated = await pool.query<{ story: string }>(
    `SELECT story FROM (
        SELECT a.id::text AS story FROM publication.articles a WHERE a.id = ANY($1::uuid[])
        UNION ALL
        SELECT alt->>'value' FROM publication.articles a, json_array_elements(a.document->'altIds') alt
         WHERE json_typeof(a.document->'altIds') = 'array' AND alt->>'role' = 'draft-id'
           AND alt->>'value' = ANY($2::text[]) AND alt->>'value' <> a.id::text
      ) claims
      GROUP BY story HAVING count(*) > 1
     UNION
     SELECT id::text FROM publication.articles WHERE id = ANY($1::uuid[]) AND version > 1`,
    [ids, ids],
  );

  const feedback = await pool.query<{ story: string }>(
    `SELECT DISTINCT draft_id::text AS story FROM ingestion.draft_feedback
      WHERE draft_id = ANY($1::uuid[]) GROUP BY draft_id, revision, decision HAVING count(*) > 1`,
    [ids],
  );

  const unsentOutboxRows: Record<string, number> = {};
  for (const schema of SERVICE_SCHEMAS) {
    const { rows } = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${schema}".outbox WHERE sent_at IS NULL`);
    unsentOutboxRows[schema] = rows[0].count;
  }

  return {
    drafts: draftCounts,
    reviewsApproved: reviews.rows[0].approved,
    approvalDecisions: reviews.rows[0].decisions,
    articles: articles.rows[0].count,
    storiesWithMoreThanOneArticle: repeated.rows.map((row) => row.story).sort(),
    repeatedFeedback: feedback.rows.map((row) => row.story).sort(),
    unpublishedDrafts: ids.filter((id) => statusOf.get(id) !== 'published'),
    unsentOutboxRows,
  };
}

/** What the public topic carried for one story. */
export interface StoryArticleEvents {
  /** ce_id -> how many times it was delivered (distinct offsets) and the ninjs version it carried. */
  ceIds: Record<string, { deliveries: number; version: string }>;
}

export interface ArticleEventsVerdict {
  /** Approved stories that never got an article.published. */
  missing: string[];
  /** Extra deliveries of a ce_id already seen (at-least-once at work; allowed). */
  redeliveries: number;
  /** One story and version announced under different ce_ids: a second publication, never allowed. */
  conflicting: Array<{ story: string; version: string; ceIds: string[] }>;
  stories: Record<string, StoryArticleEvents>;
}

/** The ninjs `version` of an article.published value, or 'unreadable' when the value is not a ninjs document. */
function ninjsVersion(value: Buffer | undefined): string {
  try {
    const version = JSON.parse(value?.toString('utf8') ?? '').version;
    return typeof version === 'string' ? version : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Checks the public topic against at-least-once delivery with ce_id deduplication: redelivering
 * one ce_id is fine, but two ce_ids for the same story and version mean it was published twice.
 * `storyIds` are the approved stories. Messages the recorder itself saw twice (same offset) count once.
 */
export function articleEvents(recorded: RecordedMessage[], storyIds: Set<string>): ArticleEventsVerdict {
  const stories: Record<string, StoryArticleEvents> = {};
  for (const message of dedupByOffset(recorded)) {
    if (message.topic !== Topics.articles || message.headers[CloudEventHeaders.type] !== ArticlePublished.type) continue;
    const story = message.headers[CloudEventHeaders.subject] ?? message.key;
    const ceId = message.headers[CloudEventHeaders.id];
    // Poison probes use keys of their own and an event without a ce_id cannot be deduplicated at all; neither is a story's.
    if (!story || !storyIds.has(story) || !ceId) continue;
    const seen = (stories[story] ??= { ceIds: {} });
    const entry = (seen.ceIds[ceId] ??= { deliveries: 0, version: ninjsVersion(message.value) });
    entry.deliveries++;
  }

  const conflicting: ArticleEventsVerdict['conflicting'] = [];
  let redeliveries = 0;
  for (const [story, { ceIds }] of Object.entries(stories)) {
    const byVersion = new Map<string, string[]>();
    for (const [ceId, { deliveries, version }] of Object.entries(ceIds)) {
      redeliveries += deliveries - 1;
      byVersion.set(version, [...(byVersion.get(version) ?? []), ceId]);
    }
    for (const [version, ids] of byVersion) if (ids.length > 1) conflicting.push({ story, version, ceIds: ids.sort() });
  }

  return { missing: [...storyIds].filter((story) => !stories[story]).sort(), redeliveries, conflicting, stories };
}
