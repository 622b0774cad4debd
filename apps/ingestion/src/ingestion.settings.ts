import { storyTextSettings } from '@newsroom/content';
import { ServiceConfig } from '@newsroom/platform';

/** What ingestion reads besides the settings every service has. */
export const ingestionSettings = {
  ...storyTextSettings,
};

export type IngestionConfig = ServiceConfig<typeof ingestionSettings>;
