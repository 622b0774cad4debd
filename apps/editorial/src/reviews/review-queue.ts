import { StoryStatus } from '@newsroom/contracts';
import { keysetPage, Page, PageQuery, withoutBodies } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ReviewItem } from './review.entity';
import { decisionHistory, findReview } from './review-store';
import { ReviewDetail, reviewDetail, ReviewSummary, reviewSummary } from './review-view';

/** What a queue entry reads of an item besides its content (whose body it leaves in the database). */
const SUMMARY_COLUMNS = [
  'storyId',
  'status',
  'revision',
  'authorId',
  'authorName',
  'queuedAt',
  'claimedById',
  'claimedByName',
  'claimExpiresAt',
  'updatesVersion',
] as const;

/** What awaits an editor unless they ask for other statuses. */
export const AWAITING_DECISION: StoryStatus[] = ['submitted', 'in_review'];

// `status=submitted,in_review` or `status=submitted&status=in_review`.
const statuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()))
  .pipe(z.array(StoryStatus).min(1));

export const ReviewListQuery = PageQuery.extend({ status: statuses.default(AWAITING_DECISION) });
export type ReviewListQuery = z.output<typeof ReviewListQuery>;

/** What editors read: the queue, oldest revision first, and one story with its history. */
@Injectable()
export class ReviewQueue {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list({ status, limit, cursor }: ReviewListQuery): Promise<Page<ReviewSummary>> {
    const rows = this.db.manager.createQueryBuilder(ReviewItem, 'item').where('item.status IN (:...status)', { status });
    const now = new Date();
    return keysetPage(
      rows,
      { at: 'item.queuedAt', id: 'item.storyId', direction: 'ASC' },
      { limit, cursor },
      (item) => ({ at: item.queuedAt.toISOString(), id: item.storyId }),
      (item) => reviewSummary(item, now),
      withoutBodies(rows, SUMMARY_COLUMNS),
    );
  }

  async read(storyId: string): Promise<ReviewDetail> {
    const item = await findReview(this.db.manager, storyId);
    return reviewDetail(item, await decisionHistory(this.db.manager, storyId), new Date());
  }
}
