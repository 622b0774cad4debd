import { ArticlePublished, CloudEvent, createEvent, EventData, ReviewApproved } from '@newsroom/contracts';
import { Inbox, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Article } from './article.entity';
import { toNinjsArticle } from './ninjs-article';

export const SOURCE = '/newsroom/publication';

/** An approved story becomes version 1 of its article, and the public topic hears of it in the same commit. */
@Controller()
export class ApprovedStoriesConsumer {
  private readonly logger = new Logger(ApprovedStoriesConsumer.name);

  constructor(private readonly inbox: Inbox) {}

  @OnEvent(ReviewApproved)
  publish(@Payload() event: CloudEvent<EventData<typeof ReviewApproved>>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, async ({ manager, emit }) => {
      const storyId = event.data.storyId;
      if (await manager.existsBy(Article, { id: storyId })) {
        return this.logger.warn(`story ${storyId} approved again at revision ${event.data.revision}; it is already published`);
      }
      // Slugs are unique where drafts are written; publication keeps its own URLs unique whatever arrives.
      const wanted = event.data.content.slug;
      const slug = (await manager.existsBy(Article, { slug: wanted })) ? `${wanted}-${storyId.slice(0, 8)}` : wanted;
      const now = new Date().toISOString();
      const approved = { ...event.data, content: { ...event.data.content, slug } };
      const document = toNinjsArticle(approved, { number: 1, firstCreated: now, versionCreated: now });
      await manager.insert(Article, {
        id: storyId,
        slug,
        version: 1,
        document,
        firstCreated: new Date(now),
        versionCreated: new Date(now),
      });
      await emit(createEvent(ArticlePublished, SOURCE, storyId, document));
    });
  }
}
