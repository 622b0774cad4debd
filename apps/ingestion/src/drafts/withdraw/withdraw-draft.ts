import { createEvent, DraftWithdrawn, eventSource, refusedByLifecycle, withdrawalTransition } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Principal } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { refusalToChange } from '../draft-access';
import { Draft } from '../draft.entity';
import { feedbackOf, lockDraft } from '../draft-store';
import { DraftView, draftView } from '../draft-view';

export interface WithdrawDraftCommand {
  journalist: Principal;
  id: string;
}

/** The draft withdrawn by its author, or the refusal: not the author, a status past withdrawing, or an article publication holds. */
export function withdrawnDraft(draft: Draft, journalist: Principal, now: Date): Draft {
  const refusal = refusalToChange(draft, journalist, 'withdraw');
  if (refusal) throw refusal;
  const transition = withdrawalTransition(draft.status, draft.publication?.status ?? null);
  if (!transition.allowed) throw refusedByLifecycle(transition);
  return { ...draft, status: transition.status, updatedAt: now };
}

/**
 * A journalist takes their draft back out of the editors' queue; the withdrawal and draft.withdrawn commit
 * together. A saved draft never reached the queue, so its withdrawal is news to nobody: no event.
 */
@Injectable()
export class WithdrawDraft {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  execute({ journalist, id }: WithdrawDraftCommand): Promise<DraftView> {
    return this.db.transaction(async (tx) => {
      const saved = await lockDraft(tx, id);
      const draft = withdrawnDraft(saved, journalist, new Date());
      await tx.save(Draft, draft);
      if (saved.status === 'draft') return draftView(draft, await feedbackOf(tx, id));
      const data = {
        storyId: id,
        revision: draft.revision,
        by: { id: journalist.id, name: journalist.name },
        at: draft.updatedAt.toISOString(),
      };
      await this.outbox.append(tx, createEvent(DraftWithdrawn, eventSource('ingestion'), id, data));
      return draftView(draft, await feedbackOf(tx, id));
    });
  }
}
