import {
  ArticlePublished,
  CloudEvent,
  EventData,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewClaimed,
  ReviewRejected,
  storyTransition,
} from '@newsroom/contracts';
import { Inbox, InboxTransaction, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Draft, DraftFeedback } from './draft.entity';

type Decision = EventData<typeof ReviewChangesRequested> | EventData<typeof ReviewApproved> | EventData<typeof ReviewRejected>;
type EditorAction = 'claim' | 'requestChanges' | 'approve' | 'reject';

/** How each editor action reads in the journalist's feedback. */
const feedbackFor: Record<EditorAction, DraftFeedback['decision']> = {
  claim: 'claimed',
  requestChanges: 'changes_requested',
  approve: 'approved',
  reject: 'rejected',
};

/**
 * Keeps each draft's status in step with what editors and publication did, and keeps the
 * editors' words for the journalist. Editorial and publication decide; this only mirrors.
 */
@Controller()
export class StoryProgressConsumer {
  private readonly logger = new Logger(StoryProgressConsumer.name);

  constructor(private readonly inbox: Inbox) {}

  @OnEvent(ReviewClaimed)
  claimed(@Payload() event: CloudEvent<EventData<typeof ReviewClaimed>>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, (tx) => this.mirror(tx, event, 'claim', null));
  }

  @OnEvent(ReviewChangesRequested)
  changesRequested(@Payload() event: CloudEvent<EventData<typeof ReviewChangesRequested>>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, (tx) => this.mirror(tx, event, 'requestChanges', event.data.comment));
  }

  @OnEvent(ReviewApproved)
  approved(@Payload() event: CloudEvent<EventData<typeof ReviewApproved>>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, (tx) => this.mirror(tx, event, 'approve', event.data.note ?? null));
  }

  @OnEvent(ReviewRejected)
  rejected(@Payload() event: CloudEvent<EventData<typeof ReviewRejected>>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, (tx) => this.mirror(tx, event, 'reject', event.data.reason));
  }

  /** Reviews and articles travel on different topics, so the publication may overtake its approval. */
  @OnEvent(ArticlePublished)
  published(@Payload() event: CloudEvent<EventData<typeof ArticlePublished>>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, async ({ manager }) => {
      const draft = await manager.findOne(Draft, { where: { id: event.subject }, lock: { mode: 'pessimistic_write' } });
      if (!draft) return this.logger.warn(`article ${event.subject} published for a draft this service never had`);
      if (draft.status === 'published') return;
      draft.status = 'published';
      draft.updatedAt = new Date(event.time);
      await manager.save(draft);
    });
  }

  private async mirror(
    { manager }: InboxTransaction,
    event: CloudEvent<EventData<typeof ReviewClaimed> | Decision>,
    action: EditorAction,
    message: string | null,
  ): Promise<void> {
    const { storyId, revision, editor, at } = event.data;
    const draft = await manager.findOne(Draft, { where: { id: storyId }, lock: { mode: 'pessimistic_write' } });
    if (!draft) return this.logger.warn(`${event.type} for unknown draft ${storyId}; ignored`);
    const transition = storyTransition(draft.status, action);
    // A decision on an older revision, or a step the draft has already gone past, leaves the status as it is;
    // the journalist still sees what the editor did and said.
    if (transition.allowed && (action === 'claim' || revision === draft.revision)) {
      draft.status = transition.status;
      draft.updatedAt = new Date(at);
      await manager.save(draft);
    } else {
      this.logger.log(`${event.type} on revision ${revision} of ${storyId} (${draft.status}, revision ${draft.revision}): status kept`);
    }
    await manager.insert(DraftFeedback, {
      draftId: storyId,
      revision,
      decision: feedbackFor[action],
      editorId: editor.id,
      editorName: editor.name,
      message,
      decidedAt: new Date(at),
    });
  }
}
