import { Refusal, StoryStatus } from '@newsroom/contracts';
import type { Draft } from '../../apps/ingestion/src/drafts/draft.entity';
import { storyContent } from './story';

const submittedAt = new Date('2026-03-02T08:30:00.000Z');

/** An ingestion draft row by `author`, submitted at 08:30 with the factory's story. */
export function draftRow(
  author: { id: string; name: string },
  status: StoryStatus,
  revision = 1,
  publication: Draft['publication'] = null,
): Draft {
  return {
    id: 'draft-1',
    revision,
    status,
    authorId: author.id,
    authorName: author.name,
    content: storyContent(),
    slug: storyContent().slug,
    createdAt: submittedAt,
    updatedAt: submittedAt,
    revisionSubmittedAt: submittedAt,
    originalUrl: null,
    publication,
  };
}

/** The Refusal that `work` throws; fails the test if it throws nothing, or something else. */
export function refusalFrom(work: () => unknown): Refusal {
  try {
    work();
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('expected a Refusal, and nothing was thrown');
}

/** The Refusal that `work` rejects with; fails the test if it resolves, or rejects with something else. */
export async function refusalOf(work: Promise<unknown>): Promise<Refusal> {
  try {
    await work;
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('expected a Refusal, and it resolved');
}
