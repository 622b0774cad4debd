import {
  ArticlePublished,
  articleTransition,
  ArticleVersion,
  createEvent,
  EventData,
  ReviewApproved,
  toNinjsArticle,
  withSuffix,
} from '@newsroom/contracts';
import { InboxTransaction } from '@newsroom/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { Article, ArticleActionRow, ArticleVersionRow } from '../../articles/article.entity';

export const PUBLICATION_SOURCE = '/newsroom/publication';

export type ApprovedStory = EventData<typeof ReviewApproved>;

/**
 * The article's URL slug: the one the story asks for, or, when another article has it, the same
 * followed by the start of the story id. Slugs are unique where drafts are written; publication
 * keeps its own URLs unique whatever arrives.
 */
export function articleSlug(wanted: string, storyId: string, taken: boolean): string {
  return taken ? withSuffix(wanted, storyId.slice(0, 8).toLowerCase()) : wanted;
}

/**
 * Version 1 of the story's article, made `at` (ISO 8601) from the approved revision under its public
 * slug. The editor's `note` stays behind: ninjs `edNote` is meant for the receiving organisation's
 * staff, and the receivers of the articles topic are the public.
 */
export function firstVersion(approved: ApprovedStory, slug: string, at: string): ArticleVersion {
  return {
    storyId: approved.storyId,
    number: 1,
    content: { ...approved.content, slug },
    author: approved.author,
    submittedAt: approved.submittedAt,
    firstCreated: at,
    versionCreated: at,
  };
}

/** An approved story becomes version 1 of its article, and the public topic hears of it in the same commit. */
@Injectable()
export class PublishApproved {
  private readonly logger = new Logger(PublishApproved.name);

  async execute(approved: ApprovedStory, { manager, emit }: InboxTransaction): Promise<void> {
    const { storyId } = approved;
    const existing = await manager.findOne(Article, { where: { id: storyId }, select: { status: true } });
    const transition = articleTransition(existing?.status ?? null, 'publish');
    if (!transition.allowed) {
      this.logger.warn(`story ${storyId} approved again at revision ${approved.revision}; it is already ${transition.status}`);
      return;
    }
    const slug = articleSlug(approved.content.slug, storyId, await manager.existsBy(Article, { slug: approved.content.slug }));
    const version = firstVersion(approved, slug, new Date().toISOString());
    const document = toNinjsArticle(version);
    const at = new Date(version.versionCreated);
    await manager.insert(Article, {
      id: storyId,
      slug,
      status: transition.status,
      version: version.number,
      document,
      firstCreated: at,
      versionCreated: at,
      publishAt: null,
      publishedAt: at,
      language: version.content.language,
      section: version.content.section ?? null,
      tags: version.content.tags,
      content: version.content,
      author: version.author,
      submittedAt: new Date(version.submittedAt),
      revision: approved.revision,
      statusReason: null,
      statusChangedAt: at,
    });
    await manager.insert(ArticleVersionRow, { storyId, number: version.number, action: 'publish', document, createdAt: at });
    await manager.insert(ArticleActionRow, {
      storyId,
      action: 'publish',
      version: version.number,
      byId: approved.editor.id,
      byName: approved.editor.name,
      why: null,
      publishAt: null,
      at,
    });
    await emit(createEvent(ArticlePublished, PUBLICATION_SOURCE, storyId, document));
  }
}
