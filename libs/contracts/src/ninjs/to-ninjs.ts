import { ArticleVersion } from './article-version';
import { NINJS_SCHEMA_URI, NinjsDocument } from './ninjs';

type Description = NonNullable<NinjsDocument['descriptions']>[number];
type Subject = NonNullable<NinjsDocument['subjects']>[number];

/** The `rel` and `role` values a reader of our ninjs can filter on. */
export const NinjsRoles = {
  /** `descriptions[].role` of the standfirst. */
  summary: 'summary',
  /** `descriptions[].role` of the byline's biography: ninjs has no biography on `people`. */
  authorBio: 'author-bio',
  /** `descriptions[].role` of each public correction note, newest first. */
  correction: 'correction',
  /** `subjects[].rel` of the story's section (a desk such as "Économie", not a genre). */
  section: 'section',
  /** `subjects[].rel` of each tag. */
  tag: 'tag',
  /** `people[].rel` of the byline. */
  author: 'author',
  /** `altIds[].role` of the URL slug (also in `slugline`). */
  slug: 'slug',
  /** `altIds[].role` of the story id inside Newsroom (draft and review share it). */
  draftId: 'draft-id',
  /** `infoSources[].role` of the wire a story was imported from (its name; `literal` the item's id there, `uri` its link). */
  wire: 'wire',
} as const;

/** The public identifier of a story's article; it stays the same across versions. */
export function articleUri(storyId: string): string {
  return `urn:newsroom:article:${storyId}`;
}

/**
 * A version of the article as the public ninjs 3.1 document. Every text goes through unchanged: the
 * content was sanitised when it was submitted, and readers must get exactly what editors approved.
 * Optional parts (standfirst, bio, section, tags) are left out rather than sent empty.
 */
export function toNinjsArticle(version: ArticleVersion): NinjsDocument {
  const { content } = version;

  const descriptions: Description[] = [];
  if (content.standfirst) descriptions.push({ role: NinjsRoles.summary, contentType: 'text/plain', value: content.standfirst });
  if (content.byline.bio) descriptions.push({ role: NinjsRoles.authorBio, contentType: 'text/plain', value: content.byline.bio });
  for (const note of version.corrections ?? []) descriptions.push({ role: NinjsRoles.correction, contentType: 'text/plain', value: note });

  // No controlled vocabulary behind sections or tags yet, so `literal` (a free-text identifier) rather than `uri`.
  const subjects: Subject[] = [];
  if (content.section) subjects.push({ name: content.section, rel: NinjsRoles.section, literal: content.section });
  for (const tag of content.tags) {
    if (tag) subjects.push({ name: tag, rel: NinjsRoles.tag, literal: tag });
  }

  return {
    uri: articleUri(version.storyId),
    standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationType: 'full',
    version: String(version.number),
    firstCreated: version.firstCreated,
    versionCreated: version.versionCreated,
    contentCreated: version.submittedAt,
    pubStatus: 'usable',
    language: content.language,
    slugline: content.slug,
    headlines: [{ role: 'main', contentType: 'text/plain', value: content.headline }],
    ...(descriptions.length ? { descriptions } : {}),
    bodies: [{ role: 'main', contentType: 'text/html', value: content.body, wordCount: content.wordCount }],
    by: content.byline.name,
    people: [{ name: content.byline.name, rel: NinjsRoles.author }],
    ...(subjects.length ? { subjects } : {}),
    altIds: [
      { role: NinjsRoles.slug, value: content.slug },
      { role: NinjsRoles.draftId, value: version.storyId },
    ],
    ...(content.origin && {
      infoSources: [
        {
          name: content.origin.source,
          role: NinjsRoles.wire,
          literal: content.origin.itemId,
          ...(content.origin.link && { uri: content.origin.link }),
        },
      ],
    }),
  };
}
