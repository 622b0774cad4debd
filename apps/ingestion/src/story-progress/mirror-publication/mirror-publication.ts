import { publishedUpstream } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { findLockedDraft } from '../../drafts/draft-store';

/** An article publication, as publication announced it. */
export interface PublicationSeen {
  eventType: string;
  storyId: string;
  at: string;
}

/** Mirrors a publication onto the draft the article came from. */
@Injectable()
export class MirrorPublication {
  private readonly logger = new Logger(MirrorPublication.name);

  async execute(tx: EntityManager, seen: PublicationSeen): Promise<void> {
    const draft = await findLockedDraft(tx, seen.storyId);
    if (!draft) return this.logger.warn(`article ${seen.storyId} published for a draft this service never had`);
    const transition = publishedUpstream(draft.status);
    if (!transition.allowed) return;
    if (draft.status !== 'approved')
      this.logger.log(`${seen.eventType} for ${seen.storyId} overtook what its draft had seen (${draft.status})`);
    draft.status = transition.status;
    draft.updatedAt = new Date(seen.at);
    await tx.save(draft);
  }
}
