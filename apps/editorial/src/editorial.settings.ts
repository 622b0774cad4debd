import { integer, ServiceConfig } from '@newsroom/platform';

/** What editorial reads besides the settings every service has. */
export const editorialSettings = {
  // How long an editor's claim on a story keeps other editors off it.
  REVIEW_CLAIM_MINUTES: integer(1, 1440).default(30),
};

export type EditorialConfig = ServiceConfig<typeof editorialSettings>;
