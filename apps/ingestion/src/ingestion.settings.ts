import { availableParallelism } from 'node:os';
import { defaultPoolSize } from '@newsroom/content';
import { integer, ServiceConfig } from '@newsroom/platform';

const textThreads = defaultPoolSize();

/** What ingestion reads besides the settings every service has. */
export const ingestionSettings = {
  // Worker threads that sanitise, count and size story text off the event loop; never more than the cores.
  STORY_TEXT_THREADS: integer(1, availableParallelism()).default(textThreads.threads),
  // Stories that may wait for a text thread; the next one is answered 429 with Retry-After.
  STORY_TEXT_QUEUE: integer(1, 10_000).default(textThreads.queue),
};

export type IngestionConfig = ServiceConfig<typeof ingestionSettings>;
