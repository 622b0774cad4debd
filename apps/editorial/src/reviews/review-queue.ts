import { Page, toPage } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReviewItem } from './review.entity';
import { ReviewListQuery } from './review-requests';
import { ReviewDetail, reviewDetail, ReviewSummary, reviewSummary } from './review-view';
import { decisionHistory, findReview } from './review-store';

/** What editors read: the queue, oldest revision first, and one story with its history. */
@Injectable()
export class ReviewQueue {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list({ status, limit, cursor }: ReviewListQuery): Promise<Page<ReviewSummary>> {
    const rows = this.db.manager
      .createQueryBuilder(ReviewItem, 'item')
      .where('item.status IN (:...status)', { status })
      .orderBy('item.queuedAt', 'ASC')
      .addOrderBy('item.storyId', 'ASC')
      .limit(limit + 1);
    if (cursor) rows.andWhere('(item.queuedAt, item.storyId) > (:at, :id)', cursor);
    const items = await rows.getMany();
    const now = new Date();
    return toPage(
      items,
      limit,
      (item) => ({ at: item.queuedAt.toISOString(), id: item.storyId }),
      (item) => reviewSummary(item, now),
    );
  }

  async read(storyId: string): Promise<ReviewDetail> {
    const item = await findReview(this.db.manager, storyId);
    return reviewDetail(item, await decisionHistory(this.db.manager, storyId), new Date());
  }
}
