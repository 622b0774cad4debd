import { StoryStatus, storyTransition, Transition } from '@newsroom/contracts';
import { ReviewState } from '../review-rules';

/** Whether what the journalist sent enters the review, and with which status; or why it is ignored. */
export type Admission = { apply: true; status: StoryStatus } | { apply: false; reason: string };

const admission = (transition: Transition): Admission =>
  transition.allowed ? { apply: true, status: transition.status } : { apply: false, reason: transition.reason };

/**
 * A revision from the journalist: a story seen for the first time enters the queue as submitted
 * (the event carries the whole draft, even a revision's); a newer revision sends a story back for
 * changes to the queue. While an editor holds the story it keeps its status, so their decision on
 * the old revision goes stale.
 */
export function admitRevision(queued: Pick<ReviewState, 'status' | 'revision'> | null, revision: number): Admission {
  if (!queued) return admission(storyTransition('draft', 'submit'));
  if (revision <= queued.revision)
    return { apply: false, reason: `revision ${revision} is not newer than revision ${queued.revision} in the queue` };
  if (queued.status === 'in_review') return { apply: true, status: 'in_review' };
  return admission(storyTransition(queued.status, 'revise'));
}

/** The author takes the story back, as long as no editor has decided on it for good. */
export function admitWithdrawal(queued: Pick<ReviewState, 'status'>): Admission {
  return admission(storyTransition(queued.status, 'withdraw'));
}
