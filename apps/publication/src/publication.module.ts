import { Module } from '@nestjs/common';
import { ArticlesModule } from './articles/articles.module';

/** Published articles, the public read API and the public topic. */
@Module({ imports: [ArticlesModule] })
export class PublicationModule {}
