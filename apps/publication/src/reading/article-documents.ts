import { z } from 'zod';
import type { NinjsDocument, NinjsKilledDocument } from '@newsroom/contracts';

const Instant = z.iso.datetime({ offset: true });
const Typed = z.strictObject({ role: z.string().optional(), contentType: z.string().optional(), value: z.string() });

/** A published article as readers get it: a ninjs 3.1 document (or, once killed, what is left of it). */
const Named = z.strictObject({
  name: z.string().optional(),
  rel: z.string().optional(),
  uri: z.string().optional(),
  literal: z.string().optional(),
});

export const ArticleDocument = z
  .strictObject({
    uri: z.string(),
    type: z.literal('text').optional(),
    representationType: z.literal('full').optional(),
    standard: z.strictObject({ name: z.literal('ninjs'), version: z.literal('3.1'), schema: z.string() }),
    version: z.string(),
    firstCreated: Instant.optional(),
    versionCreated: Instant,
    contentCreated: Instant.optional(),
    embargoedUntil: Instant.optional(),
    pubStatus: z.enum(['usable', 'withheld', 'canceled']),
    language: z.string().optional(),
    headlines: z.array(Typed).optional(),
    descriptions: z.array(Typed).optional(),
    bodies: z.array(Typed.extend({ wordCount: z.int().optional(), charCount: z.int().optional() })).optional(),
    by: z.string().optional(),
    people: z.array(Named.omit({ uri: true })).optional(),
    subjects: z.array(Named).optional(),
    genres: z.array(Named.omit({ rel: true })).optional(),
    altIds: z.array(z.strictObject({ role: z.string().optional(), value: z.string().optional() })).optional(),
    infoSources: z.array(Named.omit({ rel: true }).extend({ role: z.string().optional() })).optional(),
    slugline: z.string().optional(),
    edNote: z.string().optional(),
  })
  .meta({
    id: 'Article',
    description: 'A ninjs 3.1 document (https://iptc.org/std/ninjs/); a killed article keeps only its identity and edNote.',
  });

export const ArticlePageDocument = z.strictObject({ items: z.array(ArticleDocument), nextCursor: z.string().nullable() });

export const ArticleVersionsDocument = z.strictObject({
  items: z.array(z.strictObject({ number: z.int().min(1), versionCreated: Instant, action: z.string(), url: z.url() })),
});

export const fitsArticle = (document: NinjsDocument | NinjsKilledDocument): z.input<typeof ArticleDocument> => document;
