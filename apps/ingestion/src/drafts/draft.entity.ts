import type { ArticleStatus, DecisionOutcome, StoryContent, StoryStatus } from '@newsroom/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A correction of the article, as its author sees it: the version it made and the public note. */
export interface CorrectionSeen {
  version: number;
  note: string;
  at: string;
}

/** The article's side of the story, mirrored from the article events; null until publication first announces it. */
export interface PublicationSeen {
  status: ArticleStatus;
  /** The article's current version: the live one while published, the coming one while scheduled, the last one once taken down. */
  version: number;
  /** The embargo, while scheduled. */
  scheduledFor: string | null;
  /** Newest first. */
  corrections: CorrectionSeen[];
  /** Why and when it was unpublished or killed; null while it is scheduled or live. */
  takenDown: { reason: string; at: string } | null;
}

@Entity({ name: 'drafts' })
export class Draft {
  @PrimaryColumn('uuid') id: string;
  @Column('integer') revision: number;
  @Column('text') status: StoryStatus;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'author_name' }) authorName: string;
  /** The current revision's content, sanitised; the slug inside it never changes. */
  @Column('jsonb') content: StoryContent;
  @Column('text') slug: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'revision_submitted_at' }) revisionSubmittedAt: Date;
  /** The web page an imported draft was read from (its canonical address); null for a typed draft. */
  @Column('text', { name: 'original_url', nullable: true }) originalUrl: string | null;
  /** Moved only by the article events (story-progress/mirror-article). */
  @Column('jsonb', { nullable: true }) publication: PublicationSeen | null;
}

@Entity({ name: 'draft_revisions' })
export class DraftRevision {
  @PrimaryColumn('uuid', { name: 'draft_id' }) draftId: string;
  @PrimaryColumn('integer') revision: number;
  @Column('jsonb') content: StoryContent;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** What an editor said or decided about a revision, shown to its author. */
@Entity({ name: 'draft_feedback' })
export class DraftFeedback {
  @PrimaryColumn('bigint', { generated: 'increment' }) id: string;
  @Column('uuid', { name: 'draft_id' }) draftId: string;
  @Column('integer') revision: number;
  /** A decision by its outcome; `claimed` when an editor took the story up, which decides nothing. */
  @Column('text') decision: 'claimed' | DecisionOutcome;
  @Column('text', { name: 'editor_id' }) editorId: string;
  @Column('text', { name: 'editor_name' }) editorName: string;
  @Column('text', { nullable: true }) message: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
}

/** A create that can be replayed: the same key and body give back the same draft. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn('text', { name: 'author_id' }) authorId: string;
  @PrimaryColumn('text') key: string;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('uuid', { name: 'draft_id' }) draftId: string;
}
