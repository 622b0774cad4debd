import { storyTextSettings } from '@newsroom/content';
import { plainTextField } from '@newsroom/contracts';
import { ServiceConfig } from '@newsroom/platform';
import { z } from 'zod';

/** An http(s) origin, with a path prefix at most (no query or fragment), without its trailing slash. */
const publicBaseUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return ['http:', 'https:'].includes(url.protocol) && url.hostname !== '' && !url.search && !url.hash && !url.username;
    } catch {
      return false;
    }
  }, 'must be an http(s):// URL without query or fragment, such as https://news.example.org')
  .transform((value) => value.replace(/\/+$/, ''));

/** What publication reads besides the settings every service has. */
export const publicationSettings = {
  // Editors' corrections are cleaned off the event loop, as drafts are.
  ...storyTextSettings,
  // Where readers reach this service's public read API: the links in feeds and version lists start with it.
  NEWSROOM_PUBLIC_URL: publicBaseUrl.prefault('http://localhost:3003'),
  // The publication's name as feed readers show it; a section's feed adds the section.
  NEWSROOM_FEED_TITLE: plainTextField(200).default('Newsroom'),
};

export type PublicationConfig = ServiceConfig<typeof publicationSettings>;
