import { LanguageTag, Refusal, StoryLimits } from '@newsroom/contracts';
import { optionalStoryText, WIRE_FORMATS } from '@newsroom/content';
import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { WireMetrics } from './wire-metrics';
import { WireSource } from './wire-source.entity';

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const DEFAULT_POLL_SECONDS = 60;

const FeedUrl = z
  .string()
  .max(StoryLimits.wireLink)
  .url('must be an http(s) URL')
  .refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL');

const SourceFields = {
  url: FeedUrl.nullable().optional(),
  format: z.enum(WIRE_FORMATS),
  pollSeconds: z.number().int().min(1).max(86_400).optional(),
  language: LanguageTag.nullable().optional(),
  section: optionalStoryText(StoryLimits.section).nullable(),
};

/** `POST /v1/wires`: a new source. */
export const NewWireSource = z
  .object({ name: z.string().regex(NAME, 'must be 1–64 lowercase letters, digits and dashes, e.g. "afp-fr"'), ...SourceFields })
  .strict();
export type NewWireSource = z.output<typeof NewWireSource>;

/** `PATCH /v1/wires/:name`: what changes; `null` clears the url, language or section. */
export const WireSourceChange = z.object({ ...SourceFields, format: SourceFields.format.optional() }).strict();
export type WireSourceChange = z.output<typeof WireSourceChange>;

const noSuchWire = (name: string) =>
  new Refusal(
    'no-such-wire',
    'not-found',
    'No such wire source',
    `no wire source ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)}`,
  );

/** `@WireNameParam()`: a name no source can have is a 404, and never reaches the database. */
export const WireNameParam = (): ParameterDecorator =>
  Param('name', {
    transform(name: string) {
      if (!NAME.test(name)) throw noSuchWire(name);
      return name;
    },
  } satisfies PipeTransform<string, string>);

/** A source as admins read it: its settings and its status. */
export function wireSourceView(source: WireSource) {
  const at = (time: Date | null) => time?.toISOString() ?? null;
  return {
    name: source.name,
    url: source.url,
    format: source.format,
    pollSeconds: source.pollSeconds,
    language: source.language,
    section: source.section,
    createdAt: at(source.createdAt),
    updatedAt: at(source.updatedAt),
    status: {
      polled: source.url !== null,
      nextPollAt: source.url === null ? null : at(source.nextPollAt),
      lastPollAt: at(source.lastPollAt),
      lastSuccessAt: at(source.lastSuccessAt),
      lastError: source.lastError === null ? null : { message: source.lastError, at: at(source.lastErrorAt) },
      failuresInARow: source.failures,
      items: {
        seen: source.itemsSeen,
        created: source.itemsCreated,
        revised: source.itemsRevised,
        unchanged: source.itemsUnchanged,
        refused: source.itemsRefused,
        leftAfterApproval: source.itemsLeft,
      },
    },
  };
}
export type WireSourceView = ReturnType<typeof wireSourceView>;

/** Admins set wire sources up, change and remove them; a removed source's items stay known, so adding it again makes no duplicates. */
@Injectable()
export class WireSources {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: WireMetrics,
  ) {}

  async find(name: string): Promise<WireSource> {
    const source = await this.db.manager.findOneBy(WireSource, { name });
    if (!source) throw noSuchWire(name);
    return source;
  }

  async list(): Promise<WireSourceView[]> {
    return (await this.db.manager.find(WireSource, { order: { name: 'ASC' }, take: 1000 })).map(wireSourceView);
  }

  async create(input: NewWireSource): Promise<WireSourceView> {
    const now = new Date();
    const source: WireSource = {
      name: input.name,
      url: input.url ?? null,
      format: input.format,
      pollSeconds: input.pollSeconds ?? DEFAULT_POLL_SECONDS,
      language: input.language ?? null,
      section: input.section ?? null,
      createdAt: now,
      updatedAt: now,
      nextPollAt: input.url ? now : null,
      leaseOwner: null,
      leaseUntil: null,
      etag: null,
      lastModified: null,
      failures: 0,
      lastPollAt: null,
      lastSuccessAt: null,
      lastError: null,
      lastErrorAt: null,
      itemsSeen: 0,
      itemsCreated: 0,
      itemsRevised: 0,
      itemsUnchanged: 0,
      itemsRefused: 0,
      itemsLeft: 0,
    };
    try {
      await this.db.manager.insert(WireSource, source);
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505')
        throw new Refusal('wire-exists', 'conflict', 'A wire source has that name', `a wire source named "${input.name}" exists already`);
      throw err;
    }
    return wireSourceView(source);
  }

  async change(name: string, change: WireSourceChange): Promise<WireSourceView> {
    return this.db.transaction(async (tx) => {
      const source = await tx.findOne(WireSource, { where: { name }, lock: { mode: 'pessimistic_write' } });
      if (!source) throw noSuchWire(name);
      const urlChanged = change.url !== undefined && change.url !== source.url;
      const changed: WireSource = {
        ...source,
        ...(change.url !== undefined && { url: change.url }),
        ...(change.format !== undefined && { format: change.format }),
        ...(change.pollSeconds !== undefined && { pollSeconds: change.pollSeconds }),
        ...(change.language !== undefined && { language: change.language }),
        ...(change.section !== undefined && { section: change.section }),
        updatedAt: new Date(),
      };
      // A new address or format is a new feed: polled at once, without the old one's validators, its failures forgotten.
      if (urlChanged || (change.format !== undefined && change.format !== source.format))
        Object.assign(changed, { nextPollAt: changed.url ? new Date() : null, etag: null, lastModified: null, failures: 0 });
      await tx.save(WireSource, changed);
      return wireSourceView(changed);
    });
  }

  async remove(name: string): Promise<void> {
    const { affected } = await this.db.manager.delete(WireSource, { name });
    if (!affected) throw noSuchWire(name);
    this.metrics.forget(name);
  }
}
