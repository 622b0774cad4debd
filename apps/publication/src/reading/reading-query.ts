import { storyText } from '@newsroom/content';
import { LanguageTag, StoryLimits } from '@newsroom/contracts';
import { PageQuery } from '@newsroom/platform';
import { z } from 'zod';

/**
 * `GET /v1/articles`: a page of published articles, narrowed to a section, a tag or a language. A
 * section or tag is read as the door reads the story's own (bounded, NFC, trimmed), so it finds what was stored.
 */
export const ArticleListQuery = PageQuery.extend({
  section: storyText(StoryLimits.section).optional(),
  tag: storyText(StoryLimits.tag).optional(),
  language: LanguageTag.optional(),
});
export type ArticleListQuery = z.output<typeof ArticleListQuery>;
export type ArticleFilter = Pick<ArticleListQuery, 'section' | 'tag' | 'language'>;

/** PostgreSQL's largest integer, the largest version number there can be. */
const MAX_VERSION = 2_147_483_647;
const notAVersion = `must be a version number, a whole number from 1 to ${MAX_VERSION}`;

/** A version's number in a path: digits only (no sign, exponent or leading zero), within the column's range. */
export const VersionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, notAVersion)
  .transform(Number)
  .refine((n) => n <= MAX_VERSION, notAVersion);
