import { isStoryId, publishedUpstream, scheduledUpstream, StoryStatus, Transition } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PublicationSeen } from '../../drafts/draft.entity';
import { findLockedDraft } from '../../drafts/draft-store';

/** The steps of an article's life that publication announces on newsroom.articles.v1. */
export type ArticleStep = 'scheduled' | 'published' | 'updated' | 'corrected' | 'unpublished' | 'republished' | 'killed';

/** One article event, as far as the story's author needs it. */
export interface ArticleStepSeen {
  eventType: string;
  step: ArticleStep;
  storyId: string;
  /** The article version the step made or left current. */
  version: number;
  /** When it happened: the version's creation, or the announcement of a takedown. */
  at: string;
  /** The embargo of a scheduled article. */
  embargoedUntil?: string;
  /** A correction's public note, or why the article was unpublished or killed. */
  note?: string;
}

/**
 * The publication side after the step, or undefined when the step changes nothing: an event about
 * an older version than the one already mirrored (a late copy), or anything after a kill, which is final.
 */
export function publicationAfter(current: PublicationSeen | null, seen: ArticleStepSeen): PublicationSeen | undefined {
  if (current && (current.status === 'killed' || seen.version < current.version)) return undefined;
  const corrections = current?.corrections ?? [];
  const live = { version: seen.version, scheduledFor: null, corrections, takenDown: null };
  switch (seen.step) {
    case 'scheduled':
      return { ...live, status: 'scheduled', scheduledFor: seen.embargoedUntil ?? null };
    case 'published':
    case 'updated':
    case 'republished':
      return { ...live, status: 'published' };
    case 'corrected': {
      if (corrections.some((correction) => correction.version === seen.version)) return undefined;
      const correction = { version: seen.version, note: seen.note ?? '', at: seen.at };
      return { ...live, status: 'published', corrections: [correction, ...corrections] };
    }
    case 'unpublished':
      return { ...live, status: 'unpublished', takenDown: { reason: seen.note ?? '', at: seen.at } };
    case 'killed':
      // Publication purges the notes with the content; the author keeps why and when.
      return { ...live, status: 'killed', corrections: [], takenDown: { reason: seen.note ?? '', at: seen.at } };
  }
}

/**
 * The draft's own status after the step. Articles and reviews travel on different topics, so a
 * scheduling or a (first or updated) publication can overtake the approval the draft awaits; the
 * other steps happen to a story already published and leave the draft as it is (an update may be in review).
 */
export function draftStatusAfter(status: StoryStatus, step: ArticleStep): Transition | undefined {
  if (step === 'scheduled') return scheduledUpstream(status);
  if (step === 'published' || step === 'updated') return publishedUpstream(status);
  return undefined;
}

/** Mirrors an article event onto the draft it came from: the journalist sees the publication side. */
@Injectable()
export class MirrorArticle {
  private readonly logger = new Logger(MirrorArticle.name);

  async execute(tx: EntityManager, seen: ArticleStepSeen): Promise<void> {
    if (!isStoryId(seen.storyId) || !Number.isInteger(seen.version) || seen.version < 1)
      return this.logger.warn(`${seen.eventType} names no story id or article version we can use; ignored`);
    const draft = await findLockedDraft(tx, seen.storyId);
    if (!draft) return this.logger.warn(`${seen.eventType} for ${seen.storyId}, a draft this service never had; ignored`);
    const publication = publicationAfter(draft.publication, seen);
    if (!publication) {
      this.logger.log(
        `${seen.eventType} version ${seen.version} for ${seen.storyId} changes nothing (${draft.publication?.status} at version ${draft.publication?.version})`,
      );
      return;
    }
    const transition = draftStatusAfter(draft.status, seen.step);
    if (transition?.allowed) {
      if (draft.status !== 'approved')
        this.logger.log(`${seen.eventType} for ${seen.storyId} overtook what its draft had seen (${draft.status})`);
      draft.status = transition.status;
    }
    draft.publication = publication;
    draft.updatedAt = new Date(seen.at);
    await tx.save(draft);
  }
}
