import {
  ArticlePublished,
  CloudEvent,
  EventData,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewClaimed,
  ReviewRejected,
} from '@newsroom/contracts';
import { Inbox, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EditorAction, EditorActionSeen, MirrorEditorAction } from './mirror-editor-action/mirror-editor-action';
import { MirrorPublication } from './mirror-publication/mirror-publication';

type ReviewEvent = CloudEvent<
  | EventData<typeof ReviewClaimed>
  | EventData<typeof ReviewChangesRequested>
  | EventData<typeof ReviewApproved>
  | EventData<typeof ReviewRejected>
>;

function seen(event: ReviewEvent, action: EditorAction, message: string | null): EditorActionSeen {
  const { storyId, revision, editor, at } = event.data;
  return { eventType: event.type, action, storyId, revision, editor, at, message };
}

/**
 * Keeps each draft's status in step with what editors and publication did, and keeps the
 * editors' words for the journalist. Editorial and publication decide; this only mirrors.
 */
@Controller()
export class StoryProgressConsumer {
  constructor(
    private readonly inbox: Inbox,
    private readonly mirrorEditorAction: MirrorEditorAction,
    private readonly mirrorPublication: MirrorPublication,
  ) {}

  @OnEvent(ReviewClaimed)
  claimed(@Payload() event: CloudEvent<EventData<typeof ReviewClaimed>>, @Ctx() context: KafkaEventContext) {
    const action = seen(event, 'claim', null);
    return this.inbox.receive(event, context, (tx) => this.mirrorEditorAction.execute(tx.manager, action));
  }

  @OnEvent(ReviewChangesRequested)
  changesRequested(@Payload() event: CloudEvent<EventData<typeof ReviewChangesRequested>>, @Ctx() context: KafkaEventContext) {
    const action = seen(event, 'requestChanges', event.data.comment);
    return this.inbox.receive(event, context, (tx) => this.mirrorEditorAction.execute(tx.manager, action));
  }

  @OnEvent(ReviewApproved)
  approved(@Payload() event: CloudEvent<EventData<typeof ReviewApproved>>, @Ctx() context: KafkaEventContext) {
    const action = seen(event, 'approve', event.data.note ?? null);
    return this.inbox.receive(event, context, (tx) => this.mirrorEditorAction.execute(tx.manager, action));
  }

  @OnEvent(ReviewRejected)
  rejected(@Payload() event: CloudEvent<EventData<typeof ReviewRejected>>, @Ctx() context: KafkaEventContext) {
    const action = seen(event, 'reject', event.data.reason);
    return this.inbox.receive(event, context, (tx) => this.mirrorEditorAction.execute(tx.manager, action));
  }

  @OnEvent(ArticlePublished)
  published(@Payload() event: CloudEvent<EventData<typeof ArticlePublished>>, @Ctx() context: KafkaEventContext) {
    const publication = { eventType: event.type, storyId: event.subject, at: event.time };
    return this.inbox.receive(event, context, (tx) => this.mirrorPublication.execute(tx.manager, publication));
  }
}
