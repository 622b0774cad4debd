import {
  createEvent,
  DraftRevised,
  eventSource,
  refusedByLifecycle,
  revisionTransition,
  staleRevision,
  StoryOrigin,
} from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Principal } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { refusalToChange } from '../draft-access';
import { Draft, DraftRevision } from '../draft.entity';
import { draftContent, DraftInput } from '../draft-input';
import { feedbackOf, lockDraft } from '../draft-store';
import { DraftView, draftView } from '../draft-view';

export interface ReviseDraftCommand {
  journalist: Principal;
  id: string;
  /** The revision the journalist edited, from If-Match. */
  editedRevision: number;
  input: DraftInput;
}

/**
 * What the revision updates: the live version of the story's article, when it is live. Every
 * revision made while the article is live is one (the one sent back for changes too).
 */
export function updatedVersion(draft: Pick<Draft, 'publication'>): { version: number } | undefined {
  return draft.publication?.status === 'published' ? { version: draft.publication.version } : undefined;
}

/**
 * The draft after its author's edit of `editedRevision`, or the refusal: not the author, a stale
 * revision, a status past revising, or an article that is scheduled, unpublished or killed. A wire item's
 * new version brings its own `origin`; a journalist's edit keeps the draft's.
 */
export async function revisedDraft(
  draft: Draft,
  journalist: Principal,
  editedRevision: number,
  input: DraftInput,
  now: Date,
  origin: StoryOrigin | undefined = draft.content.origin,
): Promise<Draft> {
  const refusal = refusalToChange(draft, journalist, 'revise');
  if (refusal) throw refusal;
  if (draft.revision !== editedRevision) throw staleRevision('draft', 'If-Match', editedRevision, draft.revision);
  const transition = revisionTransition(draft.status, draft.publication?.status ?? null);
  if (!transition.allowed) throw refusedByLifecycle(transition);
  return {
    ...draft,
    revision: draft.revision + 1,
    status: transition.status,
    content: await draftContent(input, journalist, draft.slug, origin),
    updatedAt: now,
    // A saved draft's edits are sent to nobody: it is submitted when its author says so.
    revisionSubmittedAt: transition.status === 'draft' ? draft.revisionSubmittedAt : now,
  };
}

/** A journalist revises their draft; the new revision and draft.revised commit together (a saved draft's, with no event). */
@Injectable()
export class ReviseDraft {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  execute({ journalist, id, editedRevision, input }: ReviseDraftCommand): Promise<DraftView> {
    return this.db.transaction(async (tx) => {
      const draft = await revisedDraft(await lockDraft(tx, id), journalist, editedRevision, input, new Date());
      const updates = updatedVersion(draft);
      await tx.save(Draft, draft);
      await tx.insert(DraftRevision, { draftId: id, revision: draft.revision, content: draft.content, createdAt: draft.updatedAt });
      if (draft.status === 'draft') return draftView(draft, await feedbackOf(tx, id));
      const data = {
        storyId: id,
        revision: draft.revision,
        author: { id: journalist.id, name: journalist.name },
        content: draft.content,
        at: draft.updatedAt.toISOString(),
        ...(updates && { updates }),
      };
      await this.outbox.append(tx, createEvent(DraftRevised, eventSource('ingestion'), id, data));
      return draftView(draft, await feedbackOf(tx, id));
    });
  }
}
