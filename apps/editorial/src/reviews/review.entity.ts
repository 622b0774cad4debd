import type { DecisionOutcome, StoryContent, StoryStatus } from '@newsroom/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A story in the editors' queue: its current revision, where it stands, and who holds it. */
@Entity({ name: 'review_items', schema: 'editorial' })
export class ReviewItem {
  @PrimaryColumn('uuid', { name: 'story_id' }) storyId: string;
  @Column('text') status: StoryStatus;
  @Column('integer') revision: number;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'author_name' }) authorName: string;
  /** The current revision's content exactly as the draft event carried it. */
  @Column('jsonb') content: StoryContent;
  /** When the current revision was submitted: the queue's order and the approval's submittedAt. */
  @Column('timestamptz', { name: 'queued_at' }) queuedAt: Date;
  @Column('text', { name: 'claimed_by_id', nullable: true }) claimedById: string | null;
  @Column('text', { name: 'claimed_by_name', nullable: true }) claimedByName: string | null;
  @Column('timestamptz', { name: 'claim_expires_at', nullable: true }) claimExpiresAt: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** Set when the current revision is an update of a published story: the article version it updates. */
  @Column('integer', { name: 'updates_version', nullable: true }) updatesVersion: number | null;
  /** For an update, the revision behind the live version (the last one approved), when editorial saw it. */
  @Column('integer', { name: 'base_revision', nullable: true }) baseRevision: number | null;
}

/** Every revision editorial queued, whole: what diffs compare and what the history lists. */
@Entity({ name: 'review_revisions', schema: 'editorial' })
export class ReviewRevision {
  @PrimaryColumn('uuid', { name: 'story_id' }) storyId: string;
  @PrimaryColumn('integer') revision: number;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'author_name' }) authorName: string;
  @Column('jsonb') content: StoryContent;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('integer', { name: 'updates_version', nullable: true }) updatesVersion: number | null;
  @Column('integer', { name: 'base_revision', nullable: true }) baseRevision: number | null;
}

/** An editor took the story up; extending one's own live claim moves its end, not its start. */
@Entity({ name: 'review_claims', schema: 'editorial' })
export class ReviewClaim {
  @PrimaryColumn('bigint', { generated: 'increment' }) id: string;
  @Column('uuid', { name: 'story_id' }) storyId: string;
  @Column('integer') revision: number;
  @Column('text', { name: 'claimed_by_id' }) claimedById: string;
  @Column('text', { name: 'claimed_by_name' }) claimedByName: string;
  @Column('timestamptz', { name: 'claimed_at' }) claimedAt: Date;
  @Column('timestamptz', { name: 'claimed_until' }) claimedUntil: Date;
}

/** One line of a story's history: an editor's decision on one revision, or the author's withdrawal. */
@Entity({ name: 'review_decisions', schema: 'editorial' })
export class ReviewDecision {
  @PrimaryColumn('bigint', { generated: 'increment' }) id: string;
  @Column('uuid', { name: 'story_id' }) storyId: string;
  @Column('integer') revision: number;
  @Column('text') decision: DecisionOutcome | 'withdrawn';
  @Column('text', { name: 'decided_by_id' }) decidedById: string;
  @Column('text', { name: 'decided_by_name' }) decidedByName: string;
  /** The decision's note, comment or reason. */
  @Column('text', { nullable: true }) why: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
  /** An approval's embargo: when the article is to go out. */
  @Column('timestamptz', { name: 'publish_at', nullable: true }) publishAt: Date | null;
}

/** No one holds the story any more. */
export const NO_CLAIM = { claimedById: null, claimedByName: null, claimExpiresAt: null } as const;
