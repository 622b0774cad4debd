import { DECISION_OUTCOMES, EditorDecision, Person, StoryStatus, storyTransition } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Draft, DraftFeedback } from '../../drafts/draft.entity';
import { findLockedDraft } from '../../drafts/draft-store';

export type EditorAction = 'claim' | EditorDecision;

/** An editor's claim or decision on one revision, as editorial announced it. */
export interface EditorActionSeen {
  eventType: string;
  action: EditorAction;
  storyId: string;
  revision: number;
  editor: Person;
  at: string;
  /** The comment, reason or note the journalist is shown. */
  message: string | null;
}

/** How the action reads in the journalist's feedback. */
export function feedbackDecision(action: EditorAction): DraftFeedback['decision'] {
  return action === 'claim' ? 'claimed' : DECISION_OUTCOMES[action];
}

/**
 * The status the editor's action leaves the draft in, or undefined to keep it: a decision on an
 * older revision, or a step the draft has already gone past, changes nothing. A claim holds the
 * story whichever revision the editor opened.
 */
export function statusAfterEditorAction(
  draft: Pick<Draft, 'status' | 'revision'>,
  action: EditorAction,
  revision: number,
): StoryStatus | undefined {
  if (action !== 'claim' && revision !== draft.revision) return undefined;
  const transition = storyTransition(draft.status, action);
  return transition.allowed ? transition.status : undefined;
}

/** Mirrors an editor's claim or decision onto the draft, and keeps what they did and said for its author. */
@Injectable()
export class MirrorEditorAction {
  private readonly logger = new Logger(MirrorEditorAction.name);

  async execute(tx: EntityManager, seen: EditorActionSeen): Promise<void> {
    const { storyId, revision, action, editor, at } = seen;
    const draft = await findLockedDraft(tx, storyId);
    if (!draft) return this.logger.warn(`${seen.eventType} for unknown draft ${storyId}; ignored`);
    const status = statusAfterEditorAction(draft, action, revision);
    if (status) {
      draft.status = status;
      draft.updatedAt = new Date(at);
      await tx.save(draft);
    } else {
      this.logger.log(`${seen.eventType} on revision ${revision} of ${storyId} (${draft.status}, revision ${draft.revision}): status kept`);
    }
    // Recorded even when the status stays: the journalist still sees what the editor did and said.
    await tx.insert(DraftFeedback, {
      draftId: storyId,
      revision,
      decision: feedbackDecision(action),
      editorId: editor.id,
      editorName: editor.name,
      message: seen.message,
      decidedAt: new Date(at),
    });
  }
}
