import { Module } from '@nestjs/common';
import { MirrorEditorAction } from './mirror-editor-action/mirror-editor-action';
import { MirrorArticle } from './mirror-article/mirror-article';
import { StoryProgressConsumer } from './story-progress.consumer';

/** Mirrors review and article events onto drafts. */
@Module({ controllers: [StoryProgressConsumer], providers: [MirrorEditorAction, MirrorArticle] })
export class StoryProgressModule {}
