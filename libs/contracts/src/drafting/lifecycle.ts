import type { ArticleStatus } from '../publishing/lifecycle';
import { StoryStatus } from '../stories/story';

/** What can happen to a story, in the newsroom's words. */
export type StoryAction = 'submit' | 'claim' | 'requestChanges' | 'approve' | 'reject' | 'revise' | 'withdraw' | 'publish';

/** The decisions an editor takes on a revision, and the status each leaves the story in: one vocabulary for all services. */
export const DECISION_OUTCOMES = {
  approve: 'approved',
  requestChanges: 'changes_requested',
  reject: 'rejected',
} as const satisfies Partial<Record<StoryAction, StoryStatus>>;
export type EditorDecision = keyof typeof DECISION_OUTCOMES;
/** A decision as histories and feedback record it: `approved`, `changes_requested`, `rejected`. */
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[EditorDecision];
export const EDITOR_DECISIONS = Object.keys(DECISION_OUTCOMES) as EditorDecision[];

const undecided: StoryStatus[] = ['submitted', 'in_review'];

type Move = { from: readonly StoryStatus[]; to: StoryStatus };

/** The one table of the drafting lifecycle: for each action, the statuses it may start from and where each leads. */
const lifecycle: Record<StoryAction, readonly Move[]> = {
  submit: [{ from: ['draft'], to: 'submitted' }],
  claim: [{ from: undecided, to: 'in_review' }],
  requestChanges: [{ from: undecided, to: DECISION_OUTCOMES.requestChanges }],
  approve: [{ from: undecided, to: DECISION_OUTCOMES.approve }],
  reject: [{ from: undecided, to: DECISION_OUTCOMES.reject }],
  revise: [
    // A saved draft is its author's alone: editing it keeps it out of the editors' queue until it is submitted.
    { from: ['draft'], to: 'draft' },
    // Once an editor holds the story, its text stays still until they decide. A published story's
    // revision is an update of its live version, and goes back through review.
    { from: ['submitted', 'changes_requested', 'published'], to: 'submitted' },
  ],
  withdraw: [{ from: ['draft', 'submitted', 'in_review', 'changes_requested'], to: 'withdrawn' }],
  publish: [{ from: ['approved'], to: 'published' }],
};

/** Where the action leads, or a refusal naming the status the story is in and the action refused. */
export type Transition =
  | { allowed: true; status: StoryStatus }
  | { allowed: false; status: StoryStatus; action: StoryAction; reason: string; articleStatus?: ArticleStatus };

const phrase: Record<StoryAction, string> = {
  submit: 'submitted',
  claim: 'claimed',
  requestChanges: 'sent back for changes',
  approve: 'approved',
  reject: 'rejected',
  revise: 'revised',
  withdraw: 'withdrawn',
  publish: 'published',
};

/** Where a story in `status` goes on `action`, or why it cannot, naming the status. */
export function storyTransition(status: StoryStatus, action: StoryAction): Transition {
  const move = lifecycle[action].find((rule) => rule.from.includes(status));
  if (move) return { allowed: true, status: move.to };
  return { allowed: false, status, action, reason: `a story that is ${status.replace('_', ' ')} cannot be ${phrase[action]}` };
}

/**
 * The story went live: publication announced it. Reviews and articles travel on different topics,
 * so the article can overtake what the draft has seen (its approval, or a withdrawal that came
 * too late for editorial, whose decision stood): the publication is the last word, from any
 * status but published itself.
 */
export function publishedUpstream(status: StoryStatus): Transition {
  if (status === 'published') return { allowed: false, status, action: 'publish', reason: 'the story is already published' };
  return { allowed: true, status: 'published' };
}

/** The refusal of an author's action that the story's article, not its draft, stands in the way of. */
function refusedForArticle(status: StoryStatus, article: ArticleStatus, action: 'revise' | 'withdraw'): Transition {
  return {
    allowed: false,
    status,
    action,
    articleStatus: article,
    reason: `a story whose article is ${article} cannot be ${phrase[action]}`,
  };
}

/**
 * The author revises the story: the drafting table decides, and a story whose article is
 * scheduled, unpublished or killed takes no revision at all (its text is the editors' now), the
 * refusal naming the article's state. Only a live article can be updated.
 */
export function revisionTransition(status: StoryStatus, article: ArticleStatus | null): Transition {
  if (article && article !== 'published') return refusedForArticle(status, article, 'revise');
  return storyTransition(status, 'revise');
}

/**
 * The author takes the story back. Once publication holds it (an update of it in the queue, say),
 * it is the editors' to take down: withdrawing the update would leave a live article whose draft
 * says withdrawn and takes no further update. The author revises the update instead.
 */
export function withdrawalTransition(status: StoryStatus, article: ArticleStatus | null): Transition {
  if (article) return refusedForArticle(status, article, 'withdraw');
  return storyTransition(status, 'withdraw');
}

/**
 * The story was approved for a later time: publication announced its embargo, perhaps before the
 * draft saw the approval. The draft is approved from whatever it last saw, unless it is already
 * approved (a new time for the embargo) or published.
 */
export function scheduledUpstream(status: StoryStatus): Transition {
  if (status === 'approved' || status === 'published')
    return { allowed: false, status, action: 'approve', reason: `the story is already ${status}` };
  return { allowed: true, status: 'approved' };
}

export const STORY_ACTIONS = Object.keys(lifecycle) as StoryAction[];
