import { storyTextSettings } from '@newsroom/content';
import { plainTextField } from '@newsroom/contracts';
import { integer, ServiceConfig } from '@newsroom/platform';
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
  // Webhooks: how long a delivery is retried before its subscription is disabled, the first and the longest wait
  // between tries (doubling, with jitter), and how long a receiver has to answer.
  WEBHOOK_RETRY_WINDOW_SECONDS: integer(1, 30 * 86_400).default(86_400),
  WEBHOOK_RETRY_BASE_MS: integer(10, 3_600_000).default(1_000),
  WEBHOOK_RETRY_MAX_MS: integer(10, 86_400_000).default(3_600_000),
  WEBHOOK_TIMEOUT_MS: integer(100, 60_000).default(10_000),
  // Receivers at loopback, private or link-local addresses: allowed outside production, refused in it, unless set.
  WEBHOOK_PRIVATE_TARGETS: z.enum(['allow', 'refuse']).optional(),
};

export type PublicationConfig = ServiceConfig<typeof publicationSettings>;
