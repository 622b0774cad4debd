import { CurrentUser, Principal, Roles, StoryIdParam } from '@newsroom/platform';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ReviewDesk } from './review-desk';
import { ReviewQueue } from './review-queue';
import { ApproveRequest, RejectRequest, RequestChangesRequest, ReviewListQuery } from './review-requests';

/** The editors' desk over HTTP: the queue, one story, and the decisions on it. */
@Controller('v1/reviews')
@Roles('editor')
export class ReviewsController {
  constructor(
    private readonly queue: ReviewQueue,
    private readonly desk: ReviewDesk,
  ) {}

  @Get()
  list(@Query({ schema: ReviewListQuery }) query: ReviewListQuery) {
    return this.queue.list(query);
  }

  @Get(':id')
  read(@StoryIdParam() storyId: string) {
    return this.queue.read(storyId);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string) {
    return this.desk.claim(editor, storyId);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: ApproveRequest }) body: ApproveRequest) {
    return this.desk.approve(editor, storyId, body);
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  requestChanges(
    @CurrentUser() editor: Principal,
    @StoryIdParam() storyId: string,
    @Body({ schema: RequestChangesRequest }) body: RequestChangesRequest,
  ) {
    return this.desk.requestChanges(editor, storyId, body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: RejectRequest }) body: RejectRequest) {
    return this.desk.reject(editor, storyId, body);
  }
}
