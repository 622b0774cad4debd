import { EditorDecision, PublishAt } from '@newsroom/contracts';
import { z } from 'zod';

const revision = z.number({ error: 'must be the revision number you reviewed' }).int().positive();
const why = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

// publishAt: the embargo of a first publication, checked as publication checks a new schedule.
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
