import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReviewClaim, ReviewDecision, ReviewRevision } from '../review.entity';
import { findReview } from '../review-store';
import { HISTORY_LIMIT, HistoryEntry, storyHistory } from './history-entries';

export interface ReviewHistoryView {
  storyId: string;
  entries: HistoryEntry[];
  /** True when the story has more than HISTORY_LIMIT lines of one kind: the answer stops where they ran out. */
  truncated: boolean;
}

/** A story's whole life in the review: submissions and revisions, claims, decisions, withdrawal, oldest first. */
@Injectable()
export class ReviewHistory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(storyId: string): Promise<ReviewHistoryView> {
    await findReview(this.db.manager, storyId);
    const take = HISTORY_LIMIT + 1;
    const [revisions, claims, decisions] = await Promise.all([
      // The history names revisions; their content stays in the database.
      this.db.manager.find(ReviewRevision, {
        select: { revision: true, authorId: true, authorName: true, submittedAt: true, updatesVersion: true },
        where: { storyId },
        order: { submittedAt: 'ASC', revision: 'ASC' },
        take,
      }),
      this.db.manager.find(ReviewClaim, { where: { storyId }, order: { id: 'ASC' }, take }),
      this.db.manager.find(ReviewDecision, { where: { storyId }, order: { id: 'ASC' }, take }),
    ]);
    return { storyId, ...storyHistory(revisions, claims, decisions) };
  }
}
