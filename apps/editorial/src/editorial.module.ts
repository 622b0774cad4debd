import { Module } from '@nestjs/common';

/** Editors' review queue and decisions. */
@Module({})
export class EditorialModule {}
