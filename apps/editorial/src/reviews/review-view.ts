import { Byline, Person, StoryContent, StoryStatus } from '@newsroom/contracts';
import { ReviewDecision, ReviewItem } from './review.entity';
import { liveClaim } from './review-rules';
import { claimOf } from './review-store';

/** One line of the queue as editors see it. */
export interface ReviewSummary {
  storyId: string;
  status: StoryStatus;
  revision: number;
  headline: string;
  author: Person;
  byline: Byline;
  language: string;
  section: string | null;
  queuedAt: string;
  claim: { editor: Person; expiresAt: string } | null;
  /** An update of a published story: the live version it would replace ("update of version N"); null for a first publication. */
  updates: { version: number } | null;
}

export interface DecisionView {
  decision: ReviewDecision['decision'];
  revision: number;
  by: Person;
  at: string;
  note?: string;
  publishAt?: string;
  comment?: string;
  reason?: string;
}

/** A story under review: its current revision in full and every decision taken on it. */
export interface ReviewDetail extends ReviewSummary {
  content: StoryContent;
  history: DecisionView[];
}

// Each decision names its why as the request did: an approval's note, a request's comment, a rejection's reason.
const whyField: Record<ReviewDecision['decision'], 'note' | 'comment' | 'reason'> = {
  approved: 'note',
  changes_requested: 'comment',
  rejected: 'reason',
  withdrawn: 'reason',
};

export function reviewSummary(item: ReviewItem, now: Date): ReviewSummary {
  const claim = liveClaim({ claim: claimOf(item) }, now);
  return {
    storyId: item.storyId,
    status: item.status,
    revision: item.revision,
    headline: item.content.headline,
    author: { id: item.authorId, name: item.authorName },
    byline: item.content.byline,
    language: item.content.language,
    section: item.content.section ?? null,
    queuedAt: item.queuedAt.toISOString(),
    claim: claim && { editor: claim.editor, expiresAt: claim.expiresAt.toISOString() },
    updates: item.updatesVersion === null ? null : { version: item.updatesVersion },
  };
}

export function decisionView(row: ReviewDecision): DecisionView {
  return {
    decision: row.decision,
    revision: row.revision,
    by: { id: row.decidedById, name: row.decidedByName },
    at: row.decidedAt.toISOString(),
    ...(row.why !== null && { [whyField[row.decision]]: row.why }),
    ...(row.publishAt && { publishAt: row.publishAt.toISOString() }),
  };
}

export function reviewDetail(item: ReviewItem, history: ReviewDecision[], now: Date): ReviewDetail {
  return { ...reviewSummary(item, now), content: item.content, history: history.map(decisionView) };
}
