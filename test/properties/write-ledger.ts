import { Client } from 'pg';

/** What one request could have written: the fixture story it named and the caller's subject. */
export interface Footprint {
  storyId?: string;
  sub?: string;
}

const SERVICES = ['ingestion', 'editorial', 'publication'] as const;

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
      `SELECT ${SERVICES.map((s) => `(SELECT max(id) FROM ${s}.outbox) AS ${s}`).join(', ')}`,
    );
    const rows = await this.db.query<{ key: string; fingerprint: string }>(FINGERPRINTS, [storyIds, subs]);
    return { fingerprints: new Map(rows.rows.map((row) => [row.key, row.fingerprint])), outboxMarks: marks.rows[0] };
  }

  /**
   * Waits until these stories' rows have stood still for `quietMs`: a fixture whose last events are still
   * being applied (ingestion mirrors two topics, in no set order) would look written by the first request on it.
   */
  async untilStill(footprints: Footprint[], quietMs = 1500, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.snapshot(footprints);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const now = await this.snapshot(footprints);
      const moving = [...now.fingerprints].filter(([key, print]) => last.fingerprints.get(key) !== print).map(([key]) => key);
      if (moving.length === 0) return;
      if (Date.now() > deadline) throw new Error(`fixtures still changing after ${timeoutMs} ms: ${moving.join(', ')}`);
      last = now;
    }
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
    return footprints.map((footprint) => {
      const found: string[] = [];
      for (const key of [footprint.storyId && `story:${footprint.storyId}`, footprint.sub && `sub:${footprint.sub}`]) {
        if (key && before.fingerprints.get(key) !== after.fingerprints.get(key))
          found.push(`${key} rows changed (${before.fingerprints.get(key)} → ${after.fingerprints.get(key)})`);
      }
      for (const hit of outboxHits)
        if (hit.match === footprint.storyId || hit.match === footprint.sub)
          found.push(`${hit.service}.outbox row for ${hit.key} mentions ${hit.match}`);
      return found;
    });
  }
}

export interface Snapshot {
  fingerprints: Map<string, string>;
  outboxMarks: Record<string, string | null>;
}
