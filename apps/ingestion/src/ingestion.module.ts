import { StoryTextThreads } from '@newsroom/content';
import { Module } from '@nestjs/common';
import { DraftsModule } from './drafts/drafts.module';
import { StoryProgressModule } from './story-progress/story-progress.module';
import { WiresModule } from './wires/wires.module';

/** Journalists' drafts and imported wire copy. */
@Module({ imports: [DraftsModule, StoryProgressModule, WiresModule], providers: [StoryTextThreads] })
export class IngestionModule {}
