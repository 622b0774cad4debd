import { EntityManager } from 'typeorm';
import { noSuchDraft } from './draft-access';
import { Draft, DraftFeedback } from './draft.entity';

/** The draft, or null, locked until the transaction ends, so that two changes to it queue up. */
export function findLockedDraft(tx: EntityManager, id: string): Promise<Draft | null> {
  return tx.findOne(Draft, { where: { id }, lock: { mode: 'pessimistic_write' } });
}

/** The draft a journalist changes, locked; a refusal when there is none. */
export async function lockDraft(tx: EntityManager, id: string): Promise<Draft> {
  const draft = await findLockedDraft(tx, id);
  if (!draft) throw noSuchDraft(id);
  return draft;
}

/** What editors did and said about the draft, oldest first. */
export function feedbackOf(db: EntityManager, id: string): Promise<DraftFeedback[]> {
  return db.find(DraftFeedback, { where: { draftId: id }, order: { id: 'ASC' } });
}
