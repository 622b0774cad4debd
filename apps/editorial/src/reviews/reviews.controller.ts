import { Person } from '@newsroom/contracts';
import { CurrentUser, Principal, Roles, StoryIdParam } from '@newsroom/platform';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ClaimReview } from './claim/claim-review';
import { DecideReview } from './decide/decide-review';
import { ApproveRequest, RejectRequest, RequestChangesRequest } from './decide/decision-requests';
import { ReviewDiff } from './diff/review-diff';
import { DiffQuery } from './diff/revision-diff';
import { ReviewHistory } from './history/review-history';
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
  list(@Query({ schema: ReviewListQuery }) query: ReviewListQuery) {
    return this.queue.list(query);
  }

  @Get(':id')
  read(@StoryIdParam() storyId: string) {
    return this.queue.read(storyId);
  }

  @Get(':id/history')
  readHistory(@StoryIdParam() storyId: string) {
    return this.history.read(storyId);
  }

  @Get(':id/diff')
  diff(@StoryIdParam() storyId: string, @Query({ schema: DiffQuery }) query: DiffQuery) {
    return this.diffs.read(storyId, query);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string) {
    return this.claimReview.execute({ editor: editorOf(editor), storyId });
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: ApproveRequest }) body: ApproveRequest) {
    return this.decideReview.execute({ editor: editorOf(editor), storyId, decision: { kind: 'approve', ...body } });
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  requestChanges(
    @CurrentUser() editor: Principal,
    @StoryIdParam() storyId: string,
    @Body({ schema: RequestChangesRequest }) body: RequestChangesRequest,
  ) {
    return this.decideReview.execute({ editor: editorOf(editor), storyId, decision: { kind: 'requestChanges', ...body } });
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: RejectRequest }) body: RejectRequest) {
    return this.decideReview.execute({ editor: editorOf(editor), storyId, decision: { kind: 'reject', ...body } });
  }
}
