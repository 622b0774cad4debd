import { availableParallelism } from 'node:os';
import { integer, SERVICE_CONFIG, ServiceConfig } from '@newsroom/platform';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { stopPageReading } from './page/page-reading-pool';
import { defaultPoolSize, startStoryText, stopStoryText } from './story-text-pool';

const textThreads = defaultPoolSize();

/** The settings of a service that cleans story text: its share of the settings every such service reads. */
export const storyTextSettings = {
  // Worker threads that sanitise, count and size story text off the event loop; never more than the cores.
  STORY_TEXT_THREADS: integer(1, availableParallelism()).default(textThreads.threads),
  // Stories that may wait for a text thread; the next one is answered 429 with Retry-After.
  STORY_TEXT_QUEUE: integer(1, 10_000).default(textThreads.queue),
};

type StoryTextConfig = ServiceConfig<typeof storyTextSettings>;

/**
 * The threads that clean and size story text: started with the service at the size its settings say, closed once it
 * has stopped serving; with them, the threads that read imported pages (started on the first import, if any).
 */
@Injectable()
export class StoryTextThreads implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: StoryTextConfig) {}

  async onModuleInit(): Promise<void> {
    await startStoryText({ threads: this.config.STORY_TEXT_THREADS, queue: this.config.STORY_TEXT_QUEUE });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([stopStoryText(), stopPageReading()]);
  }
}
