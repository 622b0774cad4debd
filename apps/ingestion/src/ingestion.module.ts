import { StoryTextThreads } from '@newsroom/content';
import { Module } from '@nestjs/common';
import { DraftsModule } from './drafts/drafts.module';
import { StoryProgressModule } from './story-progress/story-progress.module';

/** Journalists' drafts and imported wire copy. */
@Module({ imports: [DraftsModule, StoryProgressModule], providers: [StoryTextThreads] })
export class IngestionModule {}
