import { ArticleTransition } from './publishing/lifecycle';
import { Transition } from './drafting/lifecycle';

/** The kind of no a rule gives; the HTTP layer alone turns it into a status code (404, 403, 409, 410, 413, 422, 429). */
export type RefusalGrounds = 'not-found' | 'not-permitted' | 'conflict' | 'gone' | 'too-large' | 'unprocessable' | 'busy';

/**
 * A rule turned a request down, in the newsroom's words: a stable code (the problem type a
 * client can branch on), a title that is the same for every refusal of that code, the detail of
 * this one, and the facts a client needs (the story's status, the current revision, the claim).
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: string,
    readonly grounds: RefusalGrounds,
    readonly title: string,
    detail: string,
    readonly facts: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** Nothing by that id or name here: one 404 for a draft, a review or an article. `detail` says where it was looked for. */
export function noSuchStory(detail: string): Refusal {
  return new Refusal('no-such-story', 'not-found', 'No such story', detail);
}

/** The lifecycle does not allow the action from the story's status (drafting or publishing). */
export function refusedByLifecycle(transition: Extract<Transition | ArticleTransition, { allowed: false }>): Refusal {
  return new Refusal('story-state', 'conflict', 'Not possible in the story’s current state', transition.reason, {
    storyStatus: transition.status,
    ...('articleStatus' in transition && transition.articleStatus && { articleStatus: transition.articleStatus }),
  });
}

/** A change made against an old revision: `sentAs` says where the revision was named (If-Match, the decision). */
export function staleRevision(what: 'draft' | 'story', sentAs: string, sent: number, current: number): Refusal {
  return new Refusal(
    'stale-revision',
    'conflict',
    'The story has changed since you read it',
    `${sentAs} names revision ${sent}, but the ${what} is at revision ${current}`,
    { currentRevision: current },
  );
}
