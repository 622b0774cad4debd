import { Module } from '@nestjs/common';
import { DraftsModule } from './drafts/drafts.module';

/** Journalists' drafts and imported wire copy. */
@Module({ imports: [DraftsModule] })
export class IngestionModule {}
