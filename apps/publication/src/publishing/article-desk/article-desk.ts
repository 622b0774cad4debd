import { countWords } from '@newsroom/content';
import { noSuchStory, Person, Refusal } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockedArticle, saveStep } from '../article-store';
import { ArticleCommand, ArticleState, articleStep, CorrectedText } from '../article-step';
import { ReleaseScheduled } from '../release-scheduled/release-scheduled';
import { CorrectionRequest } from './article-requests';

/** Where an article stands after an editor's action, as the desk shows it (the document itself is the public API's). */
export interface ArticleStanding {
  storyId: string;
  slug: string;
  status: NonNullable<ArticleState['status']>;
  version: number;
  publishAt: string | null;
  publishedAt: string | null;
  reason: string | null;
  corrections: string[];
}

/** The correction as the lifecycle takes it: only what changes, the body's words counted again. */
export function correctedText({ headline, standfirst, body }: CorrectionRequest): CorrectedText {
  return {
    ...(headline !== undefined && { headline }),
    ...(standfirst !== undefined && { standfirst }),
    ...(body !== undefined && { body, wordCount: countWords(body) }),
  };
}

/** An editor's action on a published (or scheduled) story's article: one transaction, its event staged with it. */
@Injectable()
export class ArticleDesk {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly scheduler: ReleaseScheduled,
  ) {}

  async execute(storyId: string, command: ArticleCommand, editor: Person): Promise<ArticleStanding> {
    const standing = await this.db.transaction(async (tx) => {
      const article = await lockedArticle(tx, storyId);
      if (!article) throw noSuchStory(`no article for story "${storyId}"`);
      const at = new Date();
      const step = articleStep(article.state, command, at.toISOString());
      if (step instanceof Refusal) throw step;
      await saveStep(tx, this.outbox, step, command.action, editor, at, true);
      const { state } = step;
      return {
        storyId,
        slug: state.slug,
        // Every action leaves the article in a state (saveStep stores it so).
        status: state.status!,
        version: state.version,
        publishAt: state.publishAt,
        publishedAt: state.publishedAt,
        reason: state.reason,
        corrections: state.corrections,
      };
    });
    if (command.action === 'schedule') this.scheduler.wakeAfterCommit();
    return standing;
  }
}
