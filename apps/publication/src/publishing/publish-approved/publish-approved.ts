import { EventData, Refusal, ReviewApproved, withSuffix } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Article } from '../../articles/article.entity';
import { lockedArticle, saveStep } from '../article-store';
import { ApprovedRevision, ArticleCommand, ArticleState, articleStep, newArticle } from '../article-step';
import { ReleaseScheduled } from '../release-scheduled/release-scheduled';

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
 * What an approval asks of the article as it stands: its first version now or at its time, or the
 * next version of a published story; null for an approval already applied or that fits no state
 * (the caller says why). The editor's note stays behind: ninjs `edNote` is for the receiving
 * organisation's staff, and the receivers of the articles topic are the public.
 */
export function approvalCommand(article: ArticleState, approved: ApprovedStory, now: Date): ArticleCommand | null {
  const revision: ApprovedRevision = {
    revision: approved.revision,
    content: approved.content,
    author: approved.author,
    submittedAt: approved.submittedAt,
  };
  if (article.status === null) {
    // A time already past when the approval arrives (publication was down) means: at once.
    if (approved.publishAt && Date.parse(approved.publishAt) > now.getTime()) {
      return { action: 'schedule', publishAt: approved.publishAt, approved: revision };
    }
    return { action: 'publish', approved: revision };
  }
  if (article.status === 'published' && approved.revision > (article.revision ?? 0)) return { action: 'update', approved: revision };
  return null;
}

/** An approved story becomes its article's first version (now or at its time) or its next, and the public topic hears of it in the same commit. */
@Injectable()
export class PublishApproved {
  private readonly logger = new Logger(PublishApproved.name);

  constructor(
    private readonly outbox: Outbox,
    private readonly scheduler: ReleaseScheduled,
  ) {}

  async execute(approved: ApprovedStory, manager: EntityManager): Promise<void> {
    const { storyId } = approved;
    const now = new Date();
    const existing = await lockedArticle(manager, storyId);
    const article = existing?.state ?? newArticle(storyId, await this.freeSlug(manager, approved));
    const command = approvalCommand(article, approved, now);
    if (!command) {
      this.logger.warn(
        `story ${storyId} approved at revision ${approved.revision}; its article is ${article.status} at revision ${article.revision}`,
      );
      return;
    }
    const step = articleStep(article, command, now.toISOString());
    if (step instanceof Refusal) return this.logger.warn(`approval of ${storyId} refused: ${step.message}`);
    await saveStep(manager, this.outbox, step, command.action, approved.editor, now, existing !== null);
    if (command.action === 'schedule') this.scheduler.wakeAfterCommit();
  }

  private async freeSlug(manager: EntityManager, approved: ApprovedStory): Promise<string> {
    const wanted = approved.content.slug;
    return articleSlug(wanted, approved.storyId, await manager.existsBy(Article, { slug: wanted }));
  }
}
