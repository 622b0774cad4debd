import type { ArticleStatus, NinjsDocument } from '@newsroom/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'articles' })
export class Article {
  /** The story's id: the draft id in ingestion, the review id in editorial. */
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  /** Moved only through `articleTransition`. */
  @Column('text') status: ArticleStatus;
  @Column('integer') version: number;
  @Column('json') document: NinjsDocument;
  @Column('timestamptz', { name: 'first_created' }) firstCreated: Date;
  @Column('timestamptz', { name: 'version_created' }) versionCreated: Date;
}
