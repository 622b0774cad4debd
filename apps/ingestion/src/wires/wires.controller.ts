import { WireFormat } from '@newsroom/content';
import { Answers, ProblemException, Refuses, Roles, TakesBody } from '@newsroom/platform';
import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { WireItemPageDocument, WireSourceDocument, WireSourceListDocument, WirePushDocument } from './wire-documents';
import { WireItems, WireItemsQuery } from './wire-items';
import { WirePush } from './wire-feeds';
import { NewWireSource, WireNameParam, WireSourceChange, WireSources, wireSourceView, WireSourceView } from './wire-sources';

/** The format a pushed body is in, by its Content-Type (the route takes no other: 415 before it is read). */
function pushedFormat(contentType: string | undefined): WireFormat {
  if (/^application\/rss\+xml/i.test(contentType ?? '')) return 'rss';
  if (/^application\/atom\+xml/i.test(contentType ?? '')) return 'atom';
  return 'ninjs';
}

@Controller('v1/wires')
export class WiresController {
  constructor(
    private readonly sources: WireSources,
    private readonly wirePush: WirePush,
    private readonly wireItems: WireItems,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Answers(201, WireSourceDocument, { description: 'The new source', headers: { Location: 'the source' } })
  @Refuses(409)
  async create(
    @Body({ schema: NewWireSource }) input: NewWireSource,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WireSourceView> {
    const source = await this.sources.create(input);
    reply.header('Location', `/v1/wires/${source.name}`);
    return source;
  }

  // Editors read the sources and their status too: the wire desk watches them.
  @Get()
  @Roles('admin', 'editor')
  @Answers(200, WireSourceListDocument, { description: 'Every source with its status, by name' })
  async list(): Promise<{ items: WireSourceView[] }> {
    return { items: await this.sources.list() };
  }

  @Get(':name')
  @Roles('admin', 'editor')
  @Answers(200, WireSourceDocument, { description: 'The source and its status' })
  @Refuses(404)
  async read(@WireNameParam() name: string): Promise<WireSourceView> {
    return wireSourceView(await this.sources.find(name));
  }

  /** The wire desk's view of a source: what it brought in, the latest first, and where each story stands. */
  @Get(':name/items')
  @Roles('admin', 'editor')
  @Answers(200, WireItemPageDocument, { description: 'The source’s items, the latest taken in first, each with its story' })
  @Refuses(404)
  async items(@WireNameParam() name: string, @Query({ schema: WireItemsQuery }) query: WireItemsQuery) {
    await this.sources.find(name);
    return this.wireItems.list(name, query);
  }

  @Patch(':name')
  @Roles('admin')
  @Answers(200, WireSourceDocument, { description: 'The source as changed' })
  @Refuses(404)
  change(@WireNameParam() name: string, @Body({ schema: WireSourceChange }) change: WireSourceChange): Promise<WireSourceView> {
    return this.sources.change(name, change);
  }

  @Delete(':name')
  @HttpCode(204)
  @Roles('admin')
  @Answers(204, null, { description: 'Removed; its drafts and item ids stay' })
  @Refuses(404)
  async remove(@WireNameParam() name: string): Promise<void> {
    await this.sources.remove(name);
  }

  /** A wire pushes items: RSS, Atom or ninjs by Content-Type; each item is created, revised, unchanged or refused (with why). */
  @Post(':name/items')
  @HttpCode(200)
  @Roles('wire')
  @TakesBody('rss', 'atom', 'json')
  @Answers(200, WirePushDocument, { description: 'What became of each item' })
  @Refuses(404, 413)
  async push(@WireNameParam() name: string, @Body() body: unknown, @Headers('content-type') contentType: string | undefined) {
    const source = await this.sources.find(name);
    const format = pushedFormat(contentType);
    if (format !== 'ninjs' && (typeof body !== 'string' || body.trim() === ''))
      throw new ProblemException({
        status: 400,
        detail: 'send the feed as the body',
        extensions: { errors: [{ field: 'body', message: 'is empty' }] },
      });
    const counts = await this.wirePush.push(source, format === 'ninjs' ? { ninjs: body } : { text: body as string, format });
    return { created: counts.created, revised: counts.revised, unchanged: counts.unchanged, left: counts.left, refused: counts.refused };
  }
}
