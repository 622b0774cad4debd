import { Module } from '@nestjs/common';
import { DraftDesk } from './draft-desk';
import { DraftsController } from './drafts.controller';

@Module({ controllers: [DraftsController], providers: [DraftDesk] })
export class DraftsModule {}
