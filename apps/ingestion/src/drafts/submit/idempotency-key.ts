import { createHash } from 'node:crypto';
import { Refusal } from '@newsroom/contracts';
import { EntityManager } from 'typeorm';
import { Draft, IdempotencyKey } from '../draft.entity';
import { DraftInput } from '../draft-input';

/** A submission sent with an Idempotency-Key: the key, and a fingerprint of the body it came with. */
export interface KeyedSubmission {
  key: string;
  requestHash: string;
}

/** A saved draft's fingerprint differs from a submitted one's; a submitted one's is what it always was, so stored keys still match. */
export function keyedSubmission(key: string, input: DraftInput, submit = true): KeyedSubmission {
  const request = submit ? input : { ...input, submit };
  return { key, requestHash: createHash('sha256').update(JSON.stringify(request)).digest('hex') };
}

/**
 * The draft an earlier submission under this key created, to be answered again; a key first used
 * with another body is refused, since replaying it would hand back a draft the client did not send.
 */
export function draftToReplay(earlier: Pick<IdempotencyKey, 'requestHash' | 'draftId'>, submission: KeyedSubmission): string {
  if (earlier.requestHash !== submission.requestHash) {
    throw new Refusal(
      'idempotency-key-reused',
      'unprocessable',
      'Idempotency-Key already used for another request',
      `Idempotency-Key "${submission.key}" was first used with a different body; send a new key for a new draft`,
    );
  }
  return earlier.draftId;
}

/** The draft to answer with when this author already submitted under this key. */
export async function replayedDraft(tx: EntityManager, authorId: string, submission: KeyedSubmission): Promise<Draft | undefined> {
  const earlier = await tx.findOneBy(IdempotencyKey, { authorId, key: submission.key });
  if (!earlier) return undefined;
  return tx.findOneByOrFail(Draft, { id: draftToReplay(earlier, submission) });
}

/** Commits with the draft, so that a retry after a lost answer finds it. */
export async function rememberSubmission(tx: EntityManager, authorId: string, submission: KeyedSubmission, draftId: string): Promise<void> {
  await tx.insert(IdempotencyKey, { authorId, key: submission.key, requestHash: submission.requestHash, draftId });
}
