import { LanguageTag, StoryStatus } from '@newsroom/contracts';
import {
  Answers,
  CurrentUser,
  PageQuery,
  parseInput,
  Principal,
  ProblemException,
  Refuses,
  Roles,
  StoryIdParam,
  TakesBody,
  TakesIdempotencyKey,
  TakesIfMatch,
} from '@newsroom/platform';
import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { DraftDocument, DraftPageDocument } from './draft-document';
import { DraftInput, NewDraftInput } from './draft-input';
import { DraftQueries } from './draft-queries';
import { DraftView } from './draft-view';
import { ImportPage } from './import/import-page';
import { ReviseDraft } from './revise/revise-draft';
import { SendDraft } from './send/send-draft';
import { SubmitDraft } from './submit/submit-draft';
import { WithdrawDraft } from './withdraw/withdraw-draft';

const ListQuery = PageQuery.extend({ status: StoryStatus.optional() });
const ImportQuery = z.object({ language: LanguageTag.optional() }).strict();
const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .optional();

/** `If-Match: "3"` (or W/"3", or 3) names the revision the journalist edited. */
function revisionFrom(ifMatch: string | undefined): number {
  if (ifMatch === undefined) {
    throw new ProblemException({ status: 428, detail: 'send the revision you edited in If-Match, e.g. If-Match: "3"' });
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match)
    throw new ProblemException({
      status: 400,
      detail: `If-Match "${ifMatch}" is not a revision such as "3"`,
      extensions: { errors: [{ field: 'If-Match', message: 'must be a revision number' }] },
    });
  return Number(match[1]);
}

const ETAG = { ETag: 'the draft’s revision, for If-Match: `"3"`' };
const CREATED = { ...ETAG, Location: 'the new draft', 'Idempotent-Replayed': '`true` when a retry with the same Idempotency-Key answers' };

function withETag(reply: FastifyReply, draft: DraftView): DraftView {
  reply.header('ETag', `"${draft.revision}"`);
  return draft;
}

@Controller('v1/drafts')
export class DraftsController {
  constructor(
    private readonly submitDraft: SubmitDraft,
    private readonly sendDraft: SendDraft,
    private readonly importPage: ImportPage,
    private readonly reviseDraft: ReviseDraft,
    private readonly withdrawDraft: WithdrawDraft,
    private readonly drafts: DraftQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('journalist')
  @TakesIdempotencyKey()
  @Answers(201, DraftDocument, { description: 'The new draft (`draft` when `submit` is false, else `submitted`)', headers: CREATED })
  @Refuses(409, 422)
  async submit(
    @CurrentUser() journalist: Principal,
    @Body({ schema: NewDraftInput }) { input, submit }: NewDraftInput,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DraftView> {
    const idempotencyKey = parseInput(IdempotencyKey, key, 'header', ['Idempotency-Key']);
    const { draft, replayed } = await this.submitDraft.execute({ author: journalist, input, submit, idempotencyKey });
    reply.header('Location', `/v1/drafts/${draft.id}`);
    if (replayed) reply.header('Idempotent-Replayed', 'true');
    return withETag(reply, draft);
  }

  /** A saved web page (text/html, up to 5 MiB) read into a new `draft` for its importer to edit and submit. */
  @Post('import')
  @HttpCode(201)
  @Roles('journalist')
  @TakesBody('html')
  @ApiConsumes('text/html')
  @ApiBody({ description: 'The saved web page, in its charset (UTF-8 when it names none), up to 5 MiB', schema: { type: 'string' } })
  @TakesIdempotencyKey()
  @Answers(201, DraftDocument, { description: 'The page read into a new `draft`', headers: CREATED })
  @Refuses(409, 422)
  async import(
    @CurrentUser() journalist: Principal,
    @Body() page: unknown,
    @Query({ schema: ImportQuery }) query: z.output<typeof ImportQuery>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DraftView> {
    const idempotencyKey = parseInput(IdempotencyKey, key, 'header', ['Idempotency-Key']);
    if (typeof page !== 'string' || page.trim() === '')
      throw new ProblemException({ status: 400, detail: 'send the saved page as the body, with Content-Type: text/html' });
    const { draft, replayed } = await this.importPage.execute({ author: journalist, html: page, language: query.language, idempotencyKey });
    reply.header('Location', `/v1/drafts/${draft.id}`);
    if (replayed) reply.header('Idempotent-Replayed', 'true');
    return withETag(reply, draft);
  }

  @Get()
  @Roles('journalist', 'editor')
  @Answers(200, DraftPageDocument, { description: 'Drafts newest first, without their bodies' })
  list(@CurrentUser() reader: Principal, @Query({ schema: ListQuery }) query: z.output<typeof ListQuery>) {
    return this.drafts.list(reader, query);
  }

  @Get(':id')
  @Roles('journalist', 'editor')
  @Answers(200, DraftDocument, { headers: ETAG })
  async read(@CurrentUser() reader: Principal, @StoryIdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, await this.drafts.read(reader, id));
  }

  @Put(':id')
  @Roles('journalist')
  @TakesIfMatch(true)
  @Answers(200, DraftDocument, { description: 'The new revision', headers: ETAG })
  @Refuses(409, 428)
  async revise(
    @CurrentUser() journalist: Principal,
    @StoryIdParam() id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body({ schema: DraftInput }) input: DraftInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DraftView> {
    return withETag(reply, await this.reviseDraft.execute({ journalist, id, editedRevision: revisionFrom(ifMatch), input }));
  }

  /** A saved draft to the editors' queue; If-Match, when sent, makes sure it is the revision the journalist last saw. */
  @Post(':id/submit')
  @HttpCode(200)
  @Roles('journalist')
  @TakesIfMatch(false)
  @Answers(200, DraftDocument, { description: 'The draft, now `submitted`', headers: ETAG })
  @Refuses(409)
  async send(
    @CurrentUser() journalist: Principal,
    @StoryIdParam() id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DraftView> {
    const seenRevision = ifMatch === undefined ? undefined : revisionFrom(ifMatch);
    return withETag(reply, await this.sendDraft.execute({ journalist, id, seenRevision }));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('journalist')
  @Answers(200, DraftDocument, { description: 'The draft, now `withdrawn`', headers: ETAG })
  @Refuses(409)
  async withdraw(@CurrentUser() journalist: Principal, @StoryIdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, await this.withdrawDraft.execute({ journalist, id }));
  }
}
