import { Module } from '@nestjs/common';

/** Published articles (ninjs), the public read API and feeds. */
@Module({})
export class PublicationModule {}
