import { Module } from '@nestjs/common';

/** Journalists' drafts and imported wire copy. */
@Module({})
export class IngestionModule {}
