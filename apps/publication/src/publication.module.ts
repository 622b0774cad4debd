import { Module } from '@nestjs/common';
import { PublishingModule } from './publishing/publishing.module';
import { ReadingModule } from './reading/reading.module';

/** Published articles: editors' publishing, the public read API and the public topic. */
@Module({ imports: [PublishingModule, ReadingModule] })
export class PublicationModule {}
