import { Person, Refusal } from '@newsroom/contracts';
import { Answers, CurrentUser, Principal, Refuses, Roles, StoryIdParam } from '@newsroom/platform';
import { Body, Controller, Delete, HttpCode, Post, Put } from '@nestjs/common';
import { ArticleDesk, correctedText } from './article-desk';
import { CorrectionRequest, ReasonRequest, ScheduleRequest } from './article-requests';
import { ArticleStandingDocument } from './article-standing-document';

const editorOf = ({ id, name }: Principal): Person => ({ id, name });

function nothingCorrected(): Refusal {
  return new Refusal('nothing-corrected', 'unprocessable', 'The correction changes nothing', 'send a headline, a standfirst or a body', {
    errors: [{ field: 'body', message: 'a correction must change the headline, the standfirst or the body' }],
  });
}

/** What editors do to an article once it is approved: its schedule, corrections, unpublishing and killing. */
@Controller('v1/articles')
@Roles('editor')
export class ArticleDeskController {
  constructor(private readonly desk: ArticleDesk) {}

  @Put(':id/schedule')
  @Answers(200, ArticleStandingDocument, { description: 'The article, scheduled' })
  @Refuses(409, 422)
  schedule(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: ScheduleRequest }) body: ScheduleRequest) {
    return this.desk.execute(storyId, { action: 'schedule', publishAt: body.publishAt }, editorOf(editor));
  }

  @Delete(':id/schedule')
  @Answers(200, ArticleStandingDocument, { description: 'The article, its schedule cancelled' })
  @Refuses(409)
  cancelSchedule(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string) {
    return this.desk.execute(storyId, { action: 'cancelSchedule' }, editorOf(editor));
  }

  @Post(':id/corrections')
  @HttpCode(201)
  @Answers(201, ArticleStandingDocument, { description: 'The article, corrected in a new version' })
  @Refuses(409, 422)
  correct(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: CorrectionRequest }) body: CorrectionRequest) {
    const changes = correctedText(body);
    if (Object.keys(changes).length === 0) throw nothingCorrected();
    return this.desk.execute(storyId, { action: 'correct', changes, note: body.note }, editorOf(editor));
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @Answers(200, ArticleStandingDocument, { description: 'The article, unpublished' })
  @Refuses(409)
  unpublish(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: ReasonRequest }) body: ReasonRequest) {
    return this.desk.execute(storyId, { action: 'unpublish', reason: body.reason }, editorOf(editor));
  }

  @Post(':id/republish')
  @HttpCode(200)
  @Answers(200, ArticleStandingDocument, { description: 'The article, published again' })
  @Refuses(409)
  republish(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string) {
    return this.desk.execute(storyId, { action: 'republish' }, editorOf(editor));
  }

  @Post(':id/kill')
  @HttpCode(200)
  @Answers(200, ArticleStandingDocument, { description: 'The article, killed' })
  @Refuses(409)
  kill(@CurrentUser() editor: Principal, @StoryIdParam() storyId: string, @Body({ schema: ReasonRequest }) body: ReasonRequest) {
    return this.desk.execute(storyId, { action: 'kill', reason: body.reason }, editorOf(editor));
  }
}
