import { Person } from '@newsroom/contracts';
import { ReviewClaim, ReviewDecision, ReviewRevision } from '../review.entity';

/** One line of a story's history: who did what to which revision, and when (ISO 8601). */
export type HistoryEntry =
  | { action: 'submitted' | 'revised'; revision: number; by: Person; at: string; updates?: { version: number } }
  | { action: 'claimed'; revision: number; by: Person; at: string; until: string }
  | { action: 'approved'; revision: number; by: Person; at: string; note?: string; publishAt?: string }
  | { action: 'changes_requested'; revision: number; by: Person; at: string; comment: string }
  | { action: 'rejected'; revision: number; by: Person; at: string; reason: string }
  | { action: 'withdrawn'; revision: number; by: Person; at: string };

/** The most lines of each kind one answer reads; a story past it is cut where the first kind ran out. */
export const HISTORY_LIMIT = 1000;

export type RevisionLine = Pick<ReviewRevision, 'revision' | 'authorId' | 'authorName' | 'submittedAt' | 'updatesVersion'>;

function revisionEntry(row: RevisionLine): HistoryEntry {
  return {
    action: row.revision === 1 ? 'submitted' : 'revised',
    revision: row.revision,
    by: { id: row.authorId, name: row.authorName },
    at: row.submittedAt.toISOString(),
    ...(row.updatesVersion !== null && { updates: { version: row.updatesVersion } }),
  };
}

function claimEntry(row: ReviewClaim): HistoryEntry {
  const by = { id: row.claimedById, name: row.claimedByName };
  return { action: 'claimed', revision: row.revision, by, at: row.claimedAt.toISOString(), until: row.claimedUntil.toISOString() };
}

function decisionEntry(row: ReviewDecision): HistoryEntry {
  const line = { revision: row.revision, by: { id: row.decidedById, name: row.decidedByName }, at: row.decidedAt.toISOString() };
  switch (row.decision) {
    case 'approved':
      return {
        action: 'approved',
        ...line,
        ...(row.why !== null && { note: row.why }),
        ...(row.publishAt && { publishAt: row.publishAt.toISOString() }),
      };
    case 'changes_requested':
      return { action: 'changes_requested', ...line, comment: row.why ?? '' };
    case 'rejected':
      return { action: 'rejected', ...line, reason: row.why ?? '' };
    case 'withdrawn':
      return { action: 'withdrawn', ...line };
  }
}

// At the same instant, a revision comes before the claim on it, and a claim before the decision.
const RANK: Record<HistoryEntry['action'], number> = {
  submitted: 0,
  revised: 0,
  claimed: 1,
  approved: 2,
  changes_requested: 2,
  rejected: 2,
  withdrawn: 2,
};

/**
 * Every line, oldest first. Each kind comes in its own order, at most HISTORY_LIMIT + 1 rows
 * (the extra one says there is more); when a kind ran over, the history stops at its last line kept,
 * so what is shown is whole up to that moment.
 */
export function storyHistory(
  revisions: RevisionLine[],
  claims: ReviewClaim[],
  decisions: ReviewDecision[],
): { entries: HistoryEntry[]; truncated: boolean } {
  const kinds = [revisions.map(revisionEntry), claims.map(claimEntry), decisions.map(decisionEntry)];
  const cuts = kinds.filter((kind) => kind.length > HISTORY_LIMIT).map((kind) => kind[HISTORY_LIMIT - 1].at);
  const until = cuts.sort()[0];
  const entries = kinds
    .flatMap((kind) => kind.slice(0, HISTORY_LIMIT))
    .filter((entry) => until === undefined || entry.at <= until)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : RANK[a.action] - RANK[b.action] || a.revision - b.revision));
  return { entries, truncated: until !== undefined };
}
