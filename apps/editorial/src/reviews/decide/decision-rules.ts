import { EditorDecision, Person, Refusal, refusedByLifecycle, staleRevision, StoryStatus, storyTransition } from '@newsroom/contracts';
import { heldByAnother, ownStory, ReviewState } from '../review-rules';

/**
 * An update of a live article goes out as soon as it is approved: its readers are reading the old
 * version now, and holding the correction of a developing story back helps no one. An embargo is
 * for a story's first publication.
 */
export function updateCannotWait(state: Pick<ReviewState, 'revision' | 'updatesVersion'>): Refusal | null {
  if (state.updatesVersion === null) return null;
  return new Refusal(
    'update-not-schedulable',
    'conflict',
    'An update goes out when it is approved',
    `revision ${state.revision} updates version ${state.updatesVersion}, which is live: approve it without publishAt`,
    {
      errors: [{ field: 'publishAt', message: 'is only for a story’s first publication' }],
      updates: { version: state.updatesVersion },
    },
  );
}

/** Approve, send back or reject the revision the editor read (the claim is released either way), or the refusal. */
export function decideRevision(
  state: ReviewState,
  decision: EditorDecision,
  revision: number,
  editor: Person,
  now: Date,
  publishAt?: string,
): { status: StoryStatus } | Refusal {
  const own = ownStory(state, editor, decision);
  if (own) return own;
  const transition = storyTransition(state.status, decision);
  if (!transition.allowed) return refusedByLifecycle(transition);
  if (revision !== state.revision) return staleRevision('story', 'the decision', revision, state.revision);
  const held = heldByAnother(state, editor, now);
  if (held) return held;
  const embargo = publishAt === undefined ? null : updateCannotWait(state);
  if (embargo) return embargo;
  return { status: transition.status };
}
