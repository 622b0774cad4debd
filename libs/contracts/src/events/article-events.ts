import { NINJS_SCHEMA_URI, NinjsDocument, NinjsKilledDocument, ninjsProblems } from '../ninjs/ninjs';
import { Topics } from '../topics';
import { InvalidPayloadError, registerContract } from './event-contract';

type PubStatus = NinjsDocument['pubStatus'];

/**
 * An `article.*` event: its data is a ninjs 3.1 document that the official schema accepts, in the
 * publication status the step leaves the article in (and, when scheduled, with its embargo).
 */
function articleContract<T extends { pubStatus?: PubStatus; embargoedUntil?: string }>(
  step: string,
  pubStatus: PubStatus,
  embargoed = false,
) {
  return registerContract<T>({
    type: `newsroom.article.${step}.v1`,
    topic: Topics.articles,
    // The official ninjs schema by reference, narrowed to what this step guarantees.
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      allOf: [{ $ref: NINJS_SCHEMA_URI }],
      type: 'object',
      properties: {
        pubStatus: { const: pubStatus },
        ...(embargoed ? { embargoedUntil: { type: 'string', format: 'date-time' } } : {}),
      },
      required: embargoed ? ['pubStatus', 'embargoedUntil'] : ['pubStatus'],
    },
    // The official ninjs schema: any ninjs reader can check the payload against it.
    dataschema: NINJS_SCHEMA_URI,
    parse(data: unknown) {
      const problems = ninjsProblems(data);
      if (!problems.length) {
        const document = data as T;
        if (document.pubStatus !== pubStatus) problems.push(`pubStatus: must be "${pubStatus}" on article.${step}`);
        if (embargoed && !document.embargoedUntil) problems.push(`embargoedUntil: is required on article.${step}`);
      }
      if (problems.length) throw new InvalidPayloadError(this.type, problems);
      return data as T;
    },
  });
}

/** Version 1 (or a republished version) is usable: the whole article. */
export const ArticlePublished = articleContract<NinjsDocument>('published', 'usable');
/** Approved for a later time: the whole article, `withheld`, with `embargoedUntil`; it is not public before then. */
export const ArticleScheduled = articleContract<NinjsDocument>('scheduled', 'withheld', true);
/** A new version from an approved revision of a published story. */
export const ArticleUpdated = articleContract<NinjsDocument>('updated', 'usable');
/** A new version corrected by an editor; the public note is the first `descriptions` entry of role `correction`. */
export const ArticleCorrected = articleContract<NinjsDocument>('corrected', 'usable');
/** Withdrawn from use, may come back: the last version, `canceled`, the reason in `edNote`. */
export const ArticleUnpublished = articleContract<NinjsDocument>('unpublished', 'canceled');
/** Usable again, as a new version. */
export const ArticleRepublished = articleContract<NinjsDocument>('republished', 'usable');
/** Withdrawn for good: no content at all, `canceled`, the reason in `edNote`. Consumers purge what they hold. */
export const ArticleKilled = articleContract<NinjsKilledDocument>('killed', 'canceled');
