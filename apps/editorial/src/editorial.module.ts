import { Module } from '@nestjs/common';
import { ReviewsModule } from './reviews/reviews.module';

/** Editors' review queue and decisions. */
@Module({ imports: [ReviewsModule] })
export class EditorialModule {}
