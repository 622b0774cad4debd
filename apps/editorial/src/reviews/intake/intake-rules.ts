import { StoryStatus, storyTransition, Transition } from '@newsroom/contracts';
import { ReviewState } from '../review-rules';

/** Whether what the journalist sent enters the review, and with which status; or why it is ignored. */
export type Admission = { apply: true; status: StoryStatus } | { apply: false; reason: string };
/** A revision's admission also says which revision it updates (for an update: the one behind the live version). */
export type RevisionAdmission = { apply: true; status: StoryStatus; baseRevision: number | null } | { apply: false; reason: string };

const admission = (transition: Transition): Admission =>
  transition.allowed ? { apply: true, status: transition.status } : { apply: false, reason: transition.reason };

const revisionAdmission = (transition: Transition, baseRevision: number | null = null): RevisionAdmission =>
  transition.allowed ? { apply: true, status: transition.status, baseRevision } : { apply: false, reason: transition.reason };

/**
 * A revision from the journalist: a story seen for the first time enters the queue as submitted
 * (the event carries the whole draft, even a revision's); a newer revision sends a story back for
 * changes to the queue. While an editor holds the story it keeps its status, so their decision on
 * the old revision goes stale. An update (a revision naming the live version it updates) brings an
 * approved story back: editorial hears nothing of publication, and ingestion revises only a live
 * article, so the approved revision is the one behind the live version, the update's base.
 */
export function admitRevision(
  queued: Pick<ReviewState, 'status' | 'revision' | 'baseRevision'> | null,
  revision: number,
  isUpdate = false,
): RevisionAdmission {
  if (!queued) return revisionAdmission(storyTransition('draft', 'submit'));
  if (revision <= queued.revision)
    return { apply: false, reason: `revision ${revision} is not newer than revision ${queued.revision} in the queue` };
  if (isUpdate && queued.status === 'approved') return revisionAdmission(storyTransition('published', 'revise'), queued.revision);
  // A later revision of the same update keeps its base.
  const base = isUpdate ? queued.baseRevision : null;
  if (queued.status === 'in_review') return { apply: true, status: 'in_review', baseRevision: base };
  return revisionAdmission(storyTransition(queued.status, 'revise'), base);
}

/** The author takes the story back, as long as no editor has decided on it for good. */
export function admitWithdrawal(queued: Pick<ReviewState, 'status'>): Admission {
  return admission(storyTransition(queued.status, 'withdraw'));
}
