import { EditorDecision, noSuchStory, Person, Refusal, StoryStatus } from '@newsroom/contracts';

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
  /** The live article version the current revision updates; null when it is not an update. */
  updatesVersion: number | null;
  /** For an update, the revision behind that live version, when editorial saw it. */
  baseRevision: number | null;
}

/** The claim that still holds at `now`, if any: an expired claim keeps no one off the story. */
export function liveClaim(state: Pick<ReviewState, 'claim'>, now: Date): Claim | null {
  return state.claim && state.claim.expiresAt > now ? state.claim : null;
}

/** The claim of another editor that keeps `editor` off the story at `now`, as a refusal naming them. */
export function heldByAnother(state: Pick<ReviewState, 'claim' | 'authorId'>, editor: Person, now: Date): Refusal | null {
  const holder = liveClaim(state, now);
  // The author's own claim (one taken before four eyes covered claims) keeps no one off the story.
  if (!holder || holder.editor.id === editor.id || holder.editor.id === state.authorId) return null;
  return new Refusal(
    'review-claimed',
    'conflict',
    'Another editor holds this story',
    `${holder.editor.name} holds this story until ${holder.expiresAt.toISOString()}`,
    { claim: { editor: holder.editor, expiresAt: holder.expiresAt.toISOString() } },
  );
}

/** What an editor may be refused to do on a story they wrote, in the words of the refusal. */
export type ReviewAction = 'claim' | EditorDecision;

const ACTION_WORDS: Record<ReviewAction, string> = {
  claim: 'claim',
  approve: 'approve',
  requestChanges: 'send back',
  reject: 'reject',
};

/** Four eyes: no editor claims or decides on a story they wrote, whatever its state; another editor must. */
export function ownStory(state: Pick<ReviewState, 'authorId'>, editor: Person, action: ReviewAction): Refusal | null {
  if (state.authorId !== editor.id) return null;
  return new Refusal(
    'four-eyes',
    'not-permitted',
    'Authors cannot review their own stories',
    `another editor must ${ACTION_WORDS[action]} a story you wrote`,
  );
}

export function noSuchReview(storyId: string): Refusal {
  return noSuchStory(`no story ${storyId} in the review queue`);
}
