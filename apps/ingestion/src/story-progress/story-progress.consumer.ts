import {
  ArticleCorrected,
  ArticleKilled,
  ArticlePublished,
  ArticleRepublished,
  ArticleScheduled,
  ArticleUnpublished,
  ArticleUpdated,
  CloudEvent,
  EventData,
  NinjsDocument,
  NinjsKilledDocument,
  NinjsRoles,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewClaimed,
  ReviewRejected,
} from '@newsroom/contracts';
import { Inbox, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EditorAction, EditorActionSeen, MirrorEditorAction } from './mirror-editor-action/mirror-editor-action';
import { ArticleStep, ArticleStepSeen, MirrorArticle } from './mirror-article/mirror-article';

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

/** What the author needs of an article event; the version travels as text in ninjs. */
function stepSeen(event: CloudEvent<NinjsDocument | NinjsKilledDocument>, step: ArticleStep): ArticleStepSeen {
  const document = event.data;
  // Only a kill's document has no content.
  const full = step === 'killed' ? undefined : (document as NinjsDocument);
  const takenDown = step === 'unpublished' || step === 'killed';
  return {
    eventType: event.type,
    step,
    storyId: event.subject,
    version: Number(document.version),
    // A takedown makes no version: its time is the announcement's. A correction's new note comes first.
    at: takenDown ? event.time : (document.versionCreated ?? event.time),
    embargoedUntil: full?.embargoedUntil,
    note: takenDown ? document.edNote : full?.descriptions?.find((description) => description.role === NinjsRoles.correction)?.value,
  };
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
    private readonly mirrorArticle: MirrorArticle,
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

  @OnEvent(ArticleScheduled)
  scheduled(@Payload() event: CloudEvent<NinjsDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'scheduled', context);
  }

  @OnEvent(ArticlePublished)
  published(@Payload() event: CloudEvent<NinjsDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'published', context);
  }

  @OnEvent(ArticleUpdated)
  updated(@Payload() event: CloudEvent<NinjsDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'updated', context);
  }

  @OnEvent(ArticleCorrected)
  corrected(@Payload() event: CloudEvent<NinjsDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'corrected', context);
  }

  @OnEvent(ArticleUnpublished)
  unpublished(@Payload() event: CloudEvent<NinjsDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'unpublished', context);
  }

  @OnEvent(ArticleRepublished)
  republished(@Payload() event: CloudEvent<NinjsDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'republished', context);
  }

  @OnEvent(ArticleKilled)
  killed(@Payload() event: CloudEvent<NinjsKilledDocument>, @Ctx() context: KafkaEventContext) {
    return this.mirror(event, 'killed', context);
  }

  private mirror(event: CloudEvent<NinjsDocument | NinjsKilledDocument>, step: ArticleStep, context: KafkaEventContext) {
    const seen = stepSeen(event, step);
    return this.inbox.receive(event, context, (tx) => this.mirrorArticle.execute(tx.manager, seen));
  }
}
