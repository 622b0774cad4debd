import { refusedByLifecycle, staleRevision, storyTransition } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Principal } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { refusalToChange } from '../draft-access';
import { Draft } from '../draft.entity';
import { feedbackOf, lockDraft } from '../draft-store';
import { DraftView, draftView } from '../draft-view';
import { submittedEvent } from '../submit/submit-draft';

export interface SendDraftCommand {
  journalist: Principal;
  id: string;
  /** The revision the journalist means to send, from If-Match when given. */
  seenRevision?: number;
}

/** The saved draft on its way to the editors, or the refusal: not the author, a revision they have not seen, not a `draft`. */
export function sentDraft(draft: Draft, journalist: Principal, now: Date, seenRevision?: number): Draft {
  const refusal = refusalToChange(draft, journalist, 'submit');
  if (refusal) throw refusal;
  if (seenRevision !== undefined && seenRevision !== draft.revision) throw staleRevision('draft', 'If-Match', seenRevision, draft.revision);
  const transition = storyTransition(draft.status, 'submit');
  if (!transition.allowed) throw refusedByLifecycle(transition);
  return { ...draft, status: transition.status, updatedAt: now, revisionSubmittedAt: now };
}

/** A journalist submits a draft they saved (typed or imported): draft.submitted with its current revision commits with the change. */
@Injectable()
export class SendDraft {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  execute({ journalist, id, seenRevision }: SendDraftCommand): Promise<DraftView> {
    return this.db.transaction(async (tx) => {
      const draft = sentDraft(await lockDraft(tx, id), journalist, new Date(), seenRevision);
      await tx.save(Draft, draft);
      await this.outbox.append(tx, submittedEvent(draft));
      return draftView(draft, await feedbackOf(tx, id));
    });
  }
}
