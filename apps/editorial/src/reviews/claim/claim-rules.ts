import { Person, Refusal, refusedByLifecycle, StoryStatus, storyTransition } from '@newsroom/contracts';
import { Claim, heldByAnother, ownStory, ReviewState } from '../review-rules';

/** The editor takes (or extends) their hold on the story for `minutes`, or is refused. */
export function claimStory(
  state: ReviewState,
  editor: Person,
  now: Date,
  minutes: number,
): { status: StoryStatus; claim: Claim } | Refusal {
  const own = ownStory(state, editor, 'claim');
  if (own) return own;
  const transition = storyTransition(state.status, 'claim');
  if (!transition.allowed) return refusedByLifecycle(transition);
  const held = heldByAnother(state, editor, now);
  if (held) return held;
  return { status: transition.status, claim: { editor, expiresAt: new Date(now.getTime() + minutes * 60_000) } };
}
