import { noSuchStory, Person, Refusal, StoryStatus } from '@newsroom/contracts';

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

/** The claim that still holds at `now`, if any: an expired claim keeps no one off the story. */
export function liveClaim(state: Pick<ReviewState, 'claim'>, now: Date): Claim | null {
  return state.claim && state.claim.expiresAt > now ? state.claim : null;
}

/** The claim of another editor that keeps `editor` off the story at `now`, as a refusal naming them. */
export function heldByAnother(state: Pick<ReviewState, 'claim'>, editor: Person, now: Date): Refusal | null {
  const holder = liveClaim(state, now);
  if (!holder || holder.editor.id === editor.id) return null;
  return new Refusal(
    'review-claimed',
    'conflict',
    'Another editor holds this story',
    `${holder.editor.name} holds this story until ${holder.expiresAt.toISOString()}`,
    { claim: { editor: holder.editor, expiresAt: holder.expiresAt.toISOString() } },
  );
}

export function noSuchReview(storyId: string): Refusal {
  return noSuchStory(`no story ${storyId} in the review queue`);
}
