import type { ArticleAction, ArticleStatus, NinjsDocument, NinjsKilledDocument, Person, StoryContent } from '@newsroom/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A story's article as it stands now: its status, its current document, and what readers filter on. */
@Entity({ name: 'articles' })
export class Article {
  /** The story's id: the draft id in ingestion, the review id in editorial. */
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  /** Moved only through `articleTransition`. */
  @Column('text') status: ArticleStatus;
  /** The number of the current (or, when scheduled, the coming) version. */
  @Column('integer') version: number;
  /** The document of the current state: usable, withheld until `publishAt`, canceled, or what is left after a kill. */
  @Column('json') document: NinjsDocument | NinjsKilledDocument;
  @Column('timestamptz', { name: 'first_created' }) firstCreated: Date;
  @Column('timestamptz', { name: 'version_created' }) versionCreated: Date;
  /** Set exactly when the article is scheduled. */
  @Column('timestamptz', { name: 'publish_at', nullable: true }) publishAt: Date | null;
  /** When it first became public; the order of lists and feeds. Null until then. */
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('text', { nullable: true }) language: string | null;
  @Column('text', { nullable: true }) section: string | null;
  @Column('text', { array: true }) tags: string[];
  /** The current version's content, from which the next version is made; null once killed. */
  @Column('json', { nullable: true }) content: StoryContent | null;
  @Column('json', { nullable: true }) author: Person | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  /** The approved revision behind the current version: an approval of a later one is an update, of this one or older a repeat. */
  @Column('integer', { nullable: true }) revision: number | null;
  /** Why it is unpublished or killed. */
  @Column('text', { name: 'status_reason', nullable: true }) statusReason: string | null;
  @Column('timestamptz', { name: 'status_changed_at', nullable: true }) statusChangedAt: Date | null;
}

/** One version of the article as it was public; its document is purged (null) when the article is killed. */
@Entity({ name: 'article_versions' })
export class ArticleVersionRow {
  @PrimaryColumn('uuid', { name: 'story_id' }) storyId: string;
  @PrimaryColumn('integer') number: number;
  /** What made it: publish, release, update, correct or republish. */
  @Column('text') action: ArticleAction;
  @Column('json', { nullable: true }) document: NinjsDocument | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One line of the article's history: who did what, when and why. Kept when the article is killed. */
@Entity({ name: 'article_actions' })
export class ArticleActionRow {
  @PrimaryColumn('bigint', { generated: 'increment' }) id: string;
  @Column('uuid', { name: 'story_id' }) storyId: string;
  @Column('text') action: ArticleAction | 'cancelSchedule';
  /** The version the action made or left current. */
  @Column('integer') version: number;
  @Column('text', { name: 'by_id' }) byId: string;
  @Column('text', { name: 'by_name' }) byName: string;
  /** The reason, or a correction's public note. */
  @Column('text', { nullable: true }) why: string | null;
  @Column('timestamptz', { name: 'publish_at', nullable: true }) publishAt: Date | null;
  @Column('timestamptz') at: Date;
}
