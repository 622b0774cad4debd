import { EditorDecision, Person, Refusal, refusedByLifecycle, staleRevision, StoryStatus, storyTransition } from '@newsroom/contracts';
import { heldByAnother, ReviewState } from '../review-rules';

/** Approve, send back or reject the revision the editor read (the claim is released either way), or the refusal. */
export function decideRevision(
  state: ReviewState,
  decision: EditorDecision,
  revision: number,
  editor: Person,
  now: Date,
): { status: StoryStatus } | Refusal {
  const transition = storyTransition(state.status, decision);
  if (!transition.allowed) return refusedByLifecycle(transition);
  if (revision !== state.revision) return staleRevision('story', 'the decision', revision, state.revision);
  const held = heldByAnother(state, editor, now);
  if (held) return held;
  if (decision === 'approve' && state.authorId === editor.id) {
    return new Refusal(
      'four-eyes',
      'not-permitted',
      'Authors cannot approve their own stories',
      'another editor must approve a story you wrote',
    );
  }
  return { status: transition.status };
}
