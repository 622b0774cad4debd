import { WireFormat } from '@newsroom/content';
import { ProblemException, Roles, TakesBody } from '@newsroom/platform';
import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  async create(
    @Body({ schema: NewWireSource }) input: NewWireSource,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WireSourceView> {
    const source = await this.sources.create(input);
    reply.header('Location', `/v1/wires/${source.name}`);
    return source;
  }

  @Get()
  @Roles('admin')
  async list(): Promise<{ items: WireSourceView[] }> {
    return { items: await this.sources.list() };
  }

  @Get(':name')
  @Roles('admin')
  async read(@WireNameParam() name: string): Promise<WireSourceView> {
    return wireSourceView(await this.sources.find(name));
  }

  @Patch(':name')
  @Roles('admin')
  change(@WireNameParam() name: string, @Body({ schema: WireSourceChange }) change: WireSourceChange): Promise<WireSourceView> {
    return this.sources.change(name, change);
  }

  @Delete(':name')
  @HttpCode(204)
  @Roles('admin')
  async remove(@WireNameParam() name: string): Promise<void> {
    await this.sources.remove(name);
  }

  /** A wire pushes items: RSS, Atom or ninjs by Content-Type; each item is created, revised, unchanged or refused (with why). */
  @Post(':name/items')
  @HttpCode(200)
  @Roles('wire')
  @TakesBody('rss', 'atom', 'json')
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
