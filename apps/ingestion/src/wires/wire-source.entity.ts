import type { WireFormat } from '@newsroom/content';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const count = { type: 'bigint', transformer: { to: (n: number) => n, from: (n: string) => Number(n) } } as const;

/** A wire an admin set up: polled at `url` every `pollSeconds`, or pushed to (no url); its lease and its status. */
@Entity({ name: 'wire_sources' })
export class WireSource {
  @PrimaryColumn('text') name: string;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text') format: WireFormat;
  @Column('integer', { name: 'poll_seconds' }) pollSeconds: number;
  @Column('text', { nullable: true }) language: string | null;
  @Column('text', { nullable: true }) section: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'next_poll_at', nullable: true }) nextPollAt: Date | null;
  /** The ingestion instance polling it now, until `leaseUntil`; a crashed poll's lease runs out and the next instance takes it. */
  @Column('text', { name: 'lease_owner', nullable: true }) leaseOwner: string | null;
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil: Date | null;
  @Column('text', { nullable: true }) etag: string | null;
  @Column('text', { name: 'last_modified', nullable: true }) lastModified: string | null;
  /** Polls failed in a row: the backoff grows with them. */
  @Column('integer') failures: number;
  @Column('timestamptz', { name: 'last_poll_at', nullable: true }) lastPollAt: Date | null;
  @Column('timestamptz', { name: 'last_success_at', nullable: true }) lastSuccessAt: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'last_error_at', nullable: true }) lastErrorAt: Date | null;
  @Column({ ...count, name: 'items_seen' }) itemsSeen: number;
  @Column({ ...count, name: 'items_created' }) itemsCreated: number;
  @Column({ ...count, name: 'items_revised' }) itemsRevised: number;
  @Column({ ...count, name: 'items_unchanged' }) itemsUnchanged: number;
  @Column({ ...count, name: 'items_refused' }) itemsRefused: number;
  @Column({ ...count, name: 'items_left' }) itemsLeft: number;
}

/** One item of a source, however often it comes: the draft it made and the fingerprint of the version last taken in. */
@Entity({ name: 'wire_items' })
export class WireItem {
  @PrimaryColumn('text') source: string;
  @PrimaryColumn('text', { name: 'item_id' }) itemId: string;
  @Column('uuid', { name: 'draft_id' }) draftId: string;
  @Column('text') fingerprint: string;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
