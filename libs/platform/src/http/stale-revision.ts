import { ProblemException } from './problem.exception';

/** The one answer to a change made against an old revision: 409, naming the revision sent and the current one. */
export function staleRevision(what: 'draft' | 'story', sent: number, current: number, sentAs: string): ProblemException {
  return new ProblemException({
    status: 409,
    type: 'stale-revision',
    title: 'The story has changed since you read it',
    detail: `${sentAs} names revision ${sent}, but the ${what} is at revision ${current}`,
    extensions: { currentRevision: current },
  });
}
