import { Module } from '@nestjs/common';
import { MirrorEditorAction } from './mirror-editor-action/mirror-editor-action';
import { MirrorPublication } from './mirror-publication/mirror-publication';
import { StoryProgressConsumer } from './story-progress.consumer';

/** Mirrors review and article events onto drafts. */
@Module({ controllers: [StoryProgressConsumer], providers: [MirrorEditorAction, MirrorPublication] })
export class StoryProgressModule {}
