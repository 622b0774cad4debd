import { Person, StoryStatus, storyTransition } from '@newsroom/contracts';

/** An editor's hold on a story: others may not decide on it until it expires. */
export interface Claim {
  editor: Person;
  expiresAt: Date;
}

/** What the rules need to know about a review item; plain data, no database. */
export interface ReviewState {
  status: StoryStatus;
  revision: number;
  authorId: string;
  claim: Claim | null;
}

export type EditorDecision = 'approve' | 'requestChanges' | 'reject';

/** Why an editor cannot do what they asked, as the HTTP answer will put it. */
export interface Refusal {
  refused: true;
  httpStatus: 403 | 409;
  type: string;
  title: string;
  detail: string;
  extensions?: Record<string, unknown>;
}

export type RuleOutcome<T> = ({ refused: false } & T) | Refusal;

/** Whether a revision from the journalist enters the review, and with which status; or why it is ignored. */
export type IntakeOutcome = { apply: true; status: StoryStatus } | { apply: false; reason: string };

/** The claim that still holds at `now`, if any: an expired claim keeps no one off the story. */
export function liveClaim(state: Pick<ReviewState, 'claim'>, now: Date): Claim | null {
  return state.claim && state.claim.expiresAt > now ? state.claim : null;
}

function wrongState(status: StoryStatus, reason: string): Refusal {
  return {
    refused: true,
    httpStatus: 409,
    type: 'story-state',
    title: 'Not possible in the story’s current state',
    detail: reason,
    extensions: { storyStatus: status },
  };
}

function heldByAnother(claim: Claim): Refusal {
  return {
    refused: true,
    httpStatus: 409,
    type: 'review-claimed',
    title: 'Another editor holds this story',
    detail: `${claim.editor.name} holds this story until ${claim.expiresAt.toISOString()}`,
    extensions: { claim: { editor: claim.editor, expiresAt: claim.expiresAt.toISOString() } },
  };
}

/** The editor takes (or extends) their hold on the story for `minutes`. */
export function claimReview(
  state: ReviewState,
  editor: Person,
  now: Date,
  minutes: number,
): RuleOutcome<{ status: StoryStatus; claim: Claim }> {
  const transition = storyTransition(state.status, 'claim');
  if (!transition.allowed) return wrongState(state.status, transition.reason);
  const holder = liveClaim(state, now);
  if (holder && holder.editor.id !== editor.id) return heldByAnother(holder);
  return { refused: false, status: transition.status, claim: { editor, expiresAt: new Date(now.getTime() + minutes * 60_000) } };
}

/** Approve, send back or reject the revision the editor read; the claim is released either way. */
export function decideReview(
  state: ReviewState,
  decision: EditorDecision,
  revision: number,
  editor: Person,
  now: Date,
): RuleOutcome<{ status: StoryStatus }> {
  const transition = storyTransition(state.status, decision);
  if (!transition.allowed) return wrongState(state.status, transition.reason);
  if (revision !== state.revision) {
    return {
      refused: true,
      httpStatus: 409,
      type: 'stale-revision',
      title: 'The story has changed since you read it',
      detail: `the decision names revision ${revision}, but the story is at revision ${state.revision}`,
      extensions: { currentRevision: state.revision },
    };
  }
  const holder = liveClaim(state, now);
  if (holder && holder.editor.id !== editor.id) return heldByAnother(holder);
  if (decision === 'approve' && state.authorId === editor.id) {
    return {
      refused: true,
      httpStatus: 403,
      type: 'four-eyes',
      title: 'Authors cannot approve their own stories',
      detail: 'another editor must approve a story you wrote',
    };
  }
  return { refused: false, status: transition.status };
}

/** A newer revision from the journalist; while an editor holds the story it keeps its status, so their old-revision decision goes stale. */
export function reviseReview(state: Pick<ReviewState, 'status' | 'revision'>, revision: number): IntakeOutcome {
  if (revision <= state.revision)
    return { apply: false, reason: `revision ${revision} is not newer than revision ${state.revision} in the queue` };
  if (state.status === 'in_review') return { apply: true, status: 'in_review' };
  const transition = storyTransition(state.status, 'revise');
  return transition.allowed ? { apply: true, status: transition.status } : { apply: false, reason: transition.reason };
}

/** The author takes the story back, as long as no editor has decided on it for good. */
export function withdrawReview(state: Pick<ReviewState, 'status'>): IntakeOutcome {
  const transition = storyTransition(state.status, 'withdraw');
  return transition.allowed ? { apply: true, status: transition.status } : { apply: false, reason: transition.reason };
}
