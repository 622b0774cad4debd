import { startStoryText, stopPageReading, stopStoryText } from '@newsroom/content';
import { SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { IngestionConfig } from './ingestion.settings';

/**
 * The threads that clean and size story text: started with the service at the size its settings say, closed once it
 * has stopped serving; with them, the threads that read imported pages (started on the first import).
 */
@Injectable()
export class StoryTextThreads implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: IngestionConfig) {}

  async onModuleInit(): Promise<void> {
    await startStoryText({ threads: this.config.STORY_TEXT_THREADS, queue: this.config.STORY_TEXT_QUEUE });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([stopStoryText(), stopPageReading()]);
  }
}
