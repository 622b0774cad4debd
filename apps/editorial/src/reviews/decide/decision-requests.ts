import { EditorDecision } from '@newsroom/contracts';
import { z } from 'zod';

const revision = z.number({ error: 'must be the revision number you reviewed' }).int().positive();
const why = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** How far ahead an embargo may be set: a year (366 days, for a leap year's 29 February). */
export const MAX_EMBARGO_DAYS = 366;

/**
 * When the article is to go out: an ISO 8601 instant with its offset (`2026-03-03T06:00:00+01:00`
 * or `...Z`), later than now and at most MAX_EMBARGO_DAYS ahead; kept as UTC from here on.
 */
export const PublishAt = z
  .string()
  .max(40, { message: 'must be an ISO 8601 date and time with an offset, such as 2026-03-03T06:00:00+01:00', abort: true })
  .datetime({ offset: true, message: 'must be an ISO 8601 date and time with an offset, such as 2026-03-03T06:00:00+01:00' })
  .transform((value, ctx) => {
    const at = new Date(value);
    const now = Date.now();
    if (Number.isNaN(at.getTime())) ctx.addIssue({ code: 'custom', message: 'is not a date that exists' });
    else if (at.getTime() <= now) ctx.addIssue({ code: 'custom', message: 'must be in the future' });
    else if (at.getTime() > now + MAX_EMBARGO_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_EMBARGO_DAYS} days ahead` });
    else return at.toISOString();
    return z.NEVER;
  });

export const ApproveRequest = z.object({ revision, note: why(2000).optional(), publishAt: PublishAt.optional() }).strict();
export type ApproveRequest = z.output<typeof ApproveRequest>;

export const RequestChangesRequest = z.object({ revision, comment: why(10_000) }).strict();
export type RequestChangesRequest = z.output<typeof RequestChangesRequest>;

export const RejectRequest = z.object({ revision, reason: why(2000) }).strict();
export type RejectRequest = z.output<typeof RejectRequest>;

interface DecisionRequests {
  approve: ApproveRequest;
  requestChanges: RequestChangesRequest;
  reject: RejectRequest;
}

/** One of the editor's decisions as their request put it: on which revision, and why (a note, a comment, a reason). */
export type Decision = { [D in EditorDecision]: { kind: D } & DecisionRequests[D] }[EditorDecision];
