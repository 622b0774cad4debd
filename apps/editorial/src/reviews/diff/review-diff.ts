import { ProblemException, ValidationProblem } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { ReviewRevision } from '../review.entity';
import { findReview } from '../review-store';
import { DiffDesk, DiffUnavailable } from './diff-desk';
import { comparedTexts, DiffQuery, diffTooLarge, earlierRevision, noSuchRevision, RevisionDiff, revisionDiff } from './revision-diff';

/** What changed between two revisions of a story, word by word, computed off the event loop. */
@Injectable()
export class ReviewDiff {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly desk: DiffDesk,
  ) {}

  async read(storyId: string, query: DiffQuery): Promise<RevisionDiff> {
    const item = await findReview(this.db.manager, storyId);
    const revisions = this.db.manager.getRepository(ReviewRevision);
    const toNumber = query.to ?? item.revision;
    const to = await revisions.findOneBy({ storyId, revision: toNumber });
    if (!to) throw noSuchRevision(storyId, toNumber);
    const previous = await revisions.findOne({
      select: { revision: true },
      where: { storyId, revision: LessThan(to.revision) },
      order: { revision: 'DESC' },
    });
    const fromNumber = earlierRevision(query, to, previous?.revision ?? null);
    if (fromNumber !== null && typeof fromNumber === 'object') throw new ValidationProblem([fromNumber]);
    const from = fromNumber === null ? null : await revisions.findOneBy({ storyId, revision: fromNumber });
    if (fromNumber !== null && !from) throw noSuchRevision(storyId, fromNumber);
    try {
      const outcome = await this.desk.diff(comparedTexts(from?.content ?? null, to.content));
      return revisionDiff(storyId, from, to, outcome);
    } catch (err) {
      if (!(err instanceof DiffUnavailable)) throw err;
      if (err.why === 'too-slow') throw diffTooLarge(['body']);
      throw new ProblemException({
        status: 429,
        type: 'diff-busy',
        title: 'Every diff worker is busy',
        detail: 'Too many diffs are being computed right now; try again in a second.',
        headers: { 'Retry-After': '1' },
      });
    }
  }
}
