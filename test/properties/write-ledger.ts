import { ReviewApproved, Topics } from '@newsroom/contracts';
import { Client } from 'pg';

/** What one request could have written: the fixture story it named and the caller's subject. */
export interface Footprint {
  storyId?: string;
  sub?: string;
}

const SERVICES = ['ingestion', 'editorial', 'publication'] as const;
type Service = (typeof SERVICES)[number];

// Who applies which events: each service's \`consumes\` and handlers (null: every type on the topic).
const DELIVERIES: [producer: Service, topic: string, consumer: Service, types: string[] | null][] = [
  ['ingestion', Topics.drafts, 'editorial', null],
  ['editorial', Topics.reviews, 'ingestion', null],
  ['editorial', Topics.reviews, 'publication', [ReviewApproved.type]],
  ['publication', Topics.articles, 'ingestion', null],
];

// One row per story (its rows in every schema, counted or hashed) and per subject (drafts and keys they own).
const FINGERPRINTS = `
  SELECT 'story:' || s AS key, concat_ws('|',
    (SELECT md5(coalesce(string_agg(d::text, ','), '')) FROM ingestion.drafts d WHERE d.id = s),
    (SELECT count(*) FROM ingestion.draft_revisions WHERE draft_id = s),
    (SELECT count(*) FROM ingestion.draft_feedback WHERE draft_id = s),
    (SELECT count(*) FROM ingestion.idempotency_keys WHERE draft_id = s),
    (SELECT md5(coalesce(string_agg(r::text, ','), '')) FROM editorial.review_items r WHERE r.story_id = s),
    (SELECT count(*) FROM editorial.review_decisions WHERE story_id = s),
    (SELECT md5(coalesce(string_agg(a::text, ','), '')) FROM publication.articles a WHERE a.id = s)) AS fingerprint
  FROM unnest($1::uuid[]) s
  UNION ALL
  SELECT 'sub:' || x, concat_ws('|',
    (SELECT count(*) FROM ingestion.drafts WHERE author_id = x),
    (SELECT count(*) FROM ingestion.idempotency_keys WHERE author_id = x))
  FROM unnest($2::text[]) x`;

/**
 * Checks that a refused request wrote nothing: the rows of the story it named and of its caller are
 * unchanged, and no outbox row appeared for either. Stories that an accepted request changed are
 * retired, because the events that follow keep changing their rows for a while.
 */
export class WriteLedger {
  private readonly retired = new Set<string>();

  constructor(private readonly db: Client) {}

  retire(footprint: Footprint): void {
    if (footprint.storyId) this.retired.add(footprint.storyId);
    if (footprint.sub) this.retired.add(footprint.sub);
  }

  /** The footprint left to check: what an earlier accepted request has not already set in motion. */
  checkable(footprint: Footprint): Footprint {
    // PostgreSQL text cannot hold NUL, so no row can carry such a subject: nothing to look for.
    if (footprint.sub?.includes('\u0000')) footprint = { ...footprint, sub: undefined };
    return {
      storyId: footprint.storyId && !this.retired.has(footprint.storyId) ? footprint.storyId : undefined,
      sub: footprint.sub && !this.retired.has(footprint.sub) ? footprint.sub : undefined,
    };
  }

  async snapshot(footprints: Footprint[]): Promise<Snapshot> {
    const storyIds = [...new Set(footprints.flatMap((f) => (f.storyId ? [f.storyId] : [])))];
    const subs = [...new Set(footprints.flatMap((f) => (f.sub ? [f.sub] : [])))];
    const marks = await this.db.query<Record<string, string | null>>(
      `SELECT ${SERVICES.map((s) => `(SELECT max(id) FROM ${s}.outbox) AS ${s}`).join(', ')}, clock_timestamp()::text AS at`,
    );
    const rows = await this.db.query<{ key: string; fingerprint: string }>(FINGERPRINTS, [storyIds, subs]);
    const { at, ...outboxMarks } = marks.rows[0];
    return { fingerprints: new Map(rows.rows.map((row) => [row.key, row.fingerprint])), outboxMarks, at: at as string };
  }

  /**
   * Waits until every event about these stories has been applied by every service that consumes it
   * (its id in that service's inbox). A fixture whose last events are still on their way (ingestion
   * mirrors two topics, in no set order, and a loaded broker can hold one back for seconds) would
   * look written by the first request on it.
   */
  async untilDelivered(storyIds: string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await this.undelivered(storyIds);
      if (pending.length === 0) return;
      if (Date.now() > deadline) throw new Error(`fixture events never applied after ${timeoutMs} ms: ${pending.slice(0, 10).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The events about these stories that a consuming service has not applied yet, as `type → service`. */
  private async undelivered(storyIds: string[]): Promise<string[]> {
    const pending: string[] = [];
    for (const [producer, topic, consumer, types] of DELIVERIES) {
      const { rows } = await this.db.query<{ event_type: string; message_key: string }>(
        `SELECT o.event_type, o.message_key FROM ${producer}.outbox o
          WHERE o.topic = $1 AND o.message_key = ANY($2) AND ($3::text[] IS NULL OR o.event_type = ANY($3))
            AND NOT EXISTS (SELECT 1 FROM ${consumer}.inbox i WHERE i.event_id = o.event_id::text)`,
        [topic, storyIds, types],
      );
      pending.push(...rows.map((row) => `${row.event_type} for ${row.message_key} → ${consumer}`));
    }
    return pending;
  }

  /** For each footprint, what changed between the two snapshots (empty when nothing did). */
  async changes(before: Snapshot, footprints: Footprint[]): Promise<string[][]> {
    const after = await this.snapshot(footprints);
    const storyIds = footprints.flatMap((f) => (f.storyId ? [f.storyId] : []));
    const subs = footprints.flatMap((f) => (f.sub ? [f.sub] : []));
    const outboxHits: { service: string; key: string; match: string }[] = [];
    for (const service of SERVICES) {
      const { rows } = await this.db.query<{ message_key: string; subs: string[] }>(
        `SELECT message_key, array(SELECT x FROM unnest($3::text[]) x WHERE position(x IN payload) > 0) AS subs
           FROM ${service}.outbox WHERE id > $1 AND (message_key = ANY($2) OR EXISTS (SELECT 1 FROM unnest($3::text[]) x WHERE position(x IN payload) > 0))`,
        // Quoted as JSON writes it, so that one subject is never found inside a longer one.
        [before.outboxMarks[service] ?? 0, storyIds, subs.map((sub) => JSON.stringify(sub))],
      );
      for (const row of rows) {
        if (storyIds.includes(row.message_key)) outboxHits.push({ service, key: row.message_key, match: row.message_key });
        for (const quoted of row.subs) outboxHits.push({ service, key: row.message_key, match: JSON.parse(quoted) as string });
      }
    }
    const results: string[][] = [];
    for (const footprint of footprints) {
      const found: string[] = [];
      for (const key of [footprint.storyId && `story:${footprint.storyId}`, footprint.sub && `sub:${footprint.sub}`]) {
        if (key && before.fingerprints.get(key) !== after.fingerprints.get(key))
          found.push(`${key} rows changed (${before.fingerprints.get(key)} → ${after.fingerprints.get(key)})`);
      }
      if (found.length && footprint.storyId) found.push(await this.appliedSince(footprint.storyId, before.at));
      for (const hit of outboxHits)
        if (hit.match === footprint.storyId || hit.match === footprint.sub)
          found.push(`${hit.service}.outbox row for ${hit.key} mentions ${hit.match}`);
      results.push(found);
    }
    return results;
  }

  /** What a write it did not make could have come from: the events about the story that a service applied since `at`. */
  private async appliedSince(storyId: string, at: string): Promise<string> {
    const applied: string[] = [];
    for (const [producer, topic, consumer] of DELIVERIES) {
      const { rows } = await this.db.query<{ line: string }>(
        `SELECT o.event_type || ' made ' || o.created_at::text || ', applied by ${consumer} ' || i.applied_at::text AS line
           FROM ${producer}.outbox o JOIN ${consumer}.inbox i ON i.event_id = o.event_id::text
          WHERE o.topic = $1 AND o.message_key = $2 AND i.applied_at >= $3::timestamptz`,
        [topic, storyId, at],
      );
      applied.push(...rows.map((row) => row.line));
    }
    return `events about ${storyId} applied since the snapshot (${at}): ${applied.join('; ') || 'none'}`;
  }
}

export interface Snapshot {
  fingerprints: Map<string, string>;
  outboxMarks: Record<string, string | null>;
  /** The database's clock when the snapshot began. */
  at: string;
}
