import { StoryStatus } from '@newsroom/contracts';
import { PageQuery } from '@newsroom/platform';
import { z } from 'zod';

const revision = z.number({ error: 'must be the revision number you reviewed' }).int().positive();
const why = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const ApproveRequest = z.object({ revision, note: why(2000).optional() }).strict();
export type ApproveRequest = z.output<typeof ApproveRequest>;

export const RequestChangesRequest = z.object({ revision, comment: why(10_000) }).strict();
export type RequestChangesRequest = z.output<typeof RequestChangesRequest>;

export const RejectRequest = z.object({ revision, reason: why(2000) }).strict();
export type RejectRequest = z.output<typeof RejectRequest>;

/** What awaits an editor unless they ask for other statuses. */
export const AWAITING_DECISION: StoryStatus[] = ['submitted', 'in_review'];

// `status=submitted,in_review` or `status=submitted&status=in_review`.
const statuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()))
  .pipe(z.array(StoryStatus).min(1));

export const ReviewListQuery = PageQuery.extend({ status: statuses.default(AWAITING_DECISION) });
export type ReviewListQuery = z.output<typeof ReviewListQuery>;
