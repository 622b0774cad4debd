import { StoryContent, StoryStatus } from '@newsroom/contracts';
import { Draft, DraftFeedback, PublicationSeen } from './draft.entity';

/** A draft as its author and editors see it over HTTP. */
export interface DraftView extends Omit<StoryContent, 'slug'> {
  id: string;
  revision: number;
  status: StoryStatus;
  slug: string;
  author: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  /** When the current revision went to the editors; null while it is a `draft` its author has not submitted. */
  submittedAt: string | null;
  feedback?: { revision: number; decision: string; editor: { id: string; name: string }; message?: string; at: string }[];
  /** The web page an imported draft was read from; absent for a typed draft. */
  originalUrl?: string;
  /** The article's side: null until publication announces the story (scheduled or published). */
  publication: PublicationSeen | null;
}

/** A draft as lists show it: everything but the body. */
export type DraftSummary = Omit<DraftView, 'body'>;

export function draftView(draft: Draft, feedback?: DraftFeedback[]): DraftView {
  const { slug: _slug, ...content } = draft.content;
  return {
    id: draft.id,
    revision: draft.revision,
    status: draft.status,
    slug: draft.slug,
    ...content,
    author: { id: draft.authorId, name: draft.authorName },
    createdAt: draft.createdAt.toISOString(),
    updatedAt: draft.updatedAt.toISOString(),
    submittedAt: draft.status === 'draft' ? null : draft.revisionSubmittedAt.toISOString(),
    ...(draft.originalUrl && { originalUrl: draft.originalUrl }),
    publication: draft.publication,
    ...(feedback && {
      feedback: feedback.map((entry) => ({
        revision: entry.revision,
        decision: entry.decision,
        editor: { id: entry.editorId, name: entry.editorName },
        ...(entry.message !== null && { message: entry.message }),
        at: entry.decidedAt.toISOString(),
      })),
    }),
  };
}
