import { Person } from '@newsroom/contracts';
import { Answers, CurrentUser, Principal, Refuses, Roles, StoryIdParam } from '@newsroom/platform';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ClaimReview } from './claim/claim-review';
import { DecideReview } from './decide/decide-review';
import { ApproveRequest, RejectRequest, RequestChangesRequest } from './decide/decision-requests';
import { ReviewDiff } from './diff/review-diff';
import { DiffQuery } from './diff/revision-diff';
import { ReviewHistory } from './history/review-history';
import { ReviewDocument, ReviewHistoryDocument, ReviewPageDocument, RevisionDiffDocument } from './review-documents';
import { ReviewListQuery, ReviewQueue } from './review-queue';

// Events and histories name the editor, not their roles.
const editorOf = ({ id, name }: Principal): Person => ({ id, name });

/** The editors' desk over HTTP: the queue, one story, and the decisions on it. */
@Controller('v1/reviews')
@Roles('editor')
export class ReviewsController {
  constructor(
    private readonly queue: ReviewQueue,
    private readonly claimReview: ClaimReview,
    private readonly decideReview: DecideReview,
    private readonly history: ReviewHistory,
    private readonly diffs: ReviewDiff,
  ) {}

  @Get()
  @Answers(200, ReviewPageDocument, { description: 'The review queue, a page at a time' })
  list(@Query({ schema: ReviewListQuery }) query: ReviewListQuery) {
    return this.queue.list(query);
  }

  @Get(':id')
  @Answers(200, ReviewDocument, { description: 'One story under review' })
  read(@StoryIdParam() storyId: string) {
    return this.queue.read(storyId);
  }

  @Get(':id/history')
  @Answers(200, ReviewHistoryDocument, { description: 'The story’s revisions and decisions' })
  readHistory(@StoryIdParam() storyId: string) {
    return this.history.read(storyId);
  }

  @Get(':id/diff')
  @Answers(200, RevisionDiffDocument, { description: 'What changed between two revisions' })
  @Refuses(422)
  diff(@StoryIdParam() storyId: string, @Query({ schema: DiffQuery }) query: DiffQuery) {
    return this.diffs.read(storyId, query);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Answers(200, ReviewDocument, { description: 'The review, claimed by the caller' })
  @Refuses(409)
  claim(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string) {
    return this.claimReview.execute({ editor: editorOf(editor), storyId });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Answers(200, ReviewDocument, { description: 'The review, approved' })
  @Refuses(409)
  approve(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: ApproveRequest }) body: ApproveRequest) {
    return this.decideReview.execute({ editor: editorOf(editor), storyId, decision: { kind: 'approve', ...body } });
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  @Answers(200, ReviewDocument, { description: 'The review, sent back to its author' })
  @Refuses(409)
  requestChanges(
    @CurrentUser() editor: Principal,
    @StoryIdParam() storyId: string,
    @Body({ schema: RequestChangesRequest }) body: RequestChangesRequest,
  ) {
    return this.decideReview.execute({ editor: editorOf(editor), storyId, decision: { kind: 'requestChanges', ...body } });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Answers(200, ReviewDocument, { description: 'The review, rejected' })
  @Refuses(409)
  reject(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: RejectRequest }) body: RejectRequest) {
    return this.decideReview.execute({ editor: editorOf(editor), storyId, decision: { kind: 'reject', ...body } });
  }
}
