import { EditorDecision, Person, Refusal, refusedByLifecycle, staleRevision, StoryStatus, storyTransition } from '@newsroom/contracts';
import { heldByAnother, ownStory, ReviewState } from '../review-rules';

/** Approve, send back or reject the revision the editor read (the claim is released either way), or the refusal. */
export function decideRevision(
  state: ReviewState,
  decision: EditorDecision,
  revision: number,
  editor: Person,
  now: Date,
): { status: StoryStatus } | Refusal {
  const own = ownStory(state, editor, decision);
  if (own) return own;
  const transition = storyTransition(state.status, decision);
  if (!transition.allowed) return refusedByLifecycle(transition);
  if (revision !== state.revision) return staleRevision('story', 'the decision', revision, state.revision);
  const held = heldByAnother(state, editor, now);
  if (held) return held;
  return { status: transition.status };
}
