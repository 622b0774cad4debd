import { StoryStatus, storyTransition, Transition } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Draft } from '../../drafts/draft.entity';

/** An article publication, as publication announced it. */
export interface PublicationSeen {
  eventType: string;
  storyId: string;
  at: string;
}

/**
 * Where the publication takes a draft in `status`. Reviews and articles travel on different
 * topics, so the article may overtake its approval: published from an undecided status, the
 * story was approved first.
 */
export function publicationTransition(status: StoryStatus): Transition {
  const published = storyTransition(status, 'publish');
  if (published.allowed) return published;
  const approved = storyTransition(status, 'approve');
  return approved.allowed ? storyTransition(approved.status, 'publish') : published;
}

/** Mirrors a publication onto the draft the article came from. */
@Injectable()
export class MirrorPublication {
  private readonly logger = new Logger(MirrorPublication.name);

  async execute(tx: EntityManager, seen: PublicationSeen): Promise<void> {
    const draft = await tx.findOne(Draft, { where: { id: seen.storyId }, lock: { mode: 'pessimistic_write' } });
    if (!draft) return this.logger.warn(`article ${seen.storyId} published for a draft this service never had`);
    const transition = publicationTransition(draft.status);
    if (!transition.allowed) {
      // A new version of a published story is nothing new for its draft.
      if (draft.status !== 'published') this.logger.warn(`${seen.eventType} for ${seen.storyId}: ${transition.reason}; status kept`);
      return;
    }
    draft.status = transition.status;
    draft.updatedAt = new Date(seen.at);
    await tx.save(draft);
  }
}
