
import { z } from 'zod';
import type { NinjsDocument, NinjsKilledDocument } from '@newsroom/contracts';

const Instant = z.iso.datetime({ offset: true });
const Typed = z.object({ contentType: z.string().optional(), value: z.string() });

/** A published article as readers get it: a ninjs 3.1 document (or, once killed, what is left of it). */
export const ArticleDocument = z
  .looseObject({
    uri: z.string(),
    standard: z.object({ name: z.literal('ninjs'), version: z.literal('3.1'), schema: z.string() }),
    version: z.string(),
    versionCreated: Instant,
    pubStatus: z.enum(['usable', 'withheld', 'canceled']),
    language: z.string().optional(),
    headlines: z.array(Typed).optional(),
    bodies: z.array(Typed.extend({ wordCount: z.int().optional(), charCount: z.int().optional() })).optional(),
    edNote: z.string().optional(),
  })
  .meta({ id: 'Article', description: 'A ninjs 3.1 document (https://iptc.org/std/ninjs/); a killed article keeps only its identity and edNote.' });

export const ArticlePageDocument = z.strictObject({ items: z.array(ArticleDocument), nextCursor: z.string().nullable() });

export const ArticleVersionsDocument = z.strictObject({
  items: z.array(z.strictObject({ number: z.int().min(1), versionCreated: Instant, action: z.string(), url: z.url() })),
});

export const fitsArticle = (document: NinjsDocument | NinjsKilledDocument): z.input<typeof ArticleDocument> => document;
