import { storyTextSettings } from '@newsroom/content';
import { integer, ServiceConfig } from '@newsroom/platform';

/** What ingestion reads besides the settings every service has. */
export const ingestionSettings = {
  ...storyTextSettings,
  // How often an instance looks for wire sources due a poll; 0: this instance polls none.
  WIRE_POLL_TICK_MS: integer(0, 60_000).default(1000),
  // The longest one poll may take to get a feed's whole answer.
  WIRE_FETCH_TIMEOUT_MS: integer(100, 300_000).default(15_000),
  // How long a poll holds its source against other instances; a crashed poll's source is taken up once it runs out.
  WIRE_LEASE_SECONDS: integer(5, 3600).default(120),
};

export type IngestionConfig = ServiceConfig<typeof ingestionSettings>;
