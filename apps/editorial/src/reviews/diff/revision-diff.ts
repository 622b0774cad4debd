import { noSuchStory, Refusal, StoryContent } from '@newsroom/contracts';
import { plainText, SanitizedBody } from '@newsroom/content';
import { FieldError } from '@newsroom/platform';
import { z } from 'zod';
import type { DiffOutcome, DiffTask, PartDiff } from './diff.worker';

const revisionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a revision number such as 2')
  .transform(Number)
  .refine((revision) => revision <= 2_147_483_647, 'must be a revision number such as 2');

/** `?from=1&to=2`; either may be left out (see diffRange). */
export const DiffQuery = z
  .object({ from: revisionNumber.optional(), to: revisionNumber.optional() })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    path: ['from'],
    message: 'must be an earlier revision than to',
  });
export type DiffQuery = z.output<typeof DiffQuery>;

/** What the range needs to know of the later revision: its number, and for an update the revision behind the live version. */
export interface LaterRevision {
  revision: number;
  baseRevision: number | null;
}

/**
 * The earlier revision to compare with: the one asked for; else, for an update, the revision behind
 * the live version (what readers have now against what is proposed); else the revision before. Null
 * when there is none (a first submission is compared with nothing), or a problem naming `from`.
 */
export function earlierRevision(query: DiffQuery, later: LaterRevision, previous: number | null): number | null | FieldError {
  const from = query.from ?? later.baseRevision ?? previous;
  if (from !== null && from >= later.revision) return { field: 'from', message: `must be an earlier revision than ${later.revision}` };
  return from;
}

export function noSuchRevision(storyId: string, revision: number): Refusal {
  return noSuchStory(`story ${storyId} has no revision ${revision} in the review queue`);
}

/** The texts an editor compares: headline and standfirst as written, the body as its readers read it (its text, paragraph by paragraph). */
export function comparedTexts(earlier: StoryContent | null, later: StoryContent): DiffTask['texts'] {
  const body = (content: StoryContent | null) => (content ? plainText(content.body as SanitizedBody) : '');
  return {
    headline: [earlier?.headline ?? '', later.headline],
    standfirst: [earlier?.standfirst ?? '', later.standfirst ?? ''],
    body: [body(earlier), body(later)],
  };
}

/** What GET /v1/reviews/:id/diff answers. */
export interface RevisionDiff {
  storyId: string;
  from: number | null;
  to: number;
  /** The `to` revision is an update of this live version. */
  updates: { version: number } | null;
  headline: PartDiff;
  standfirst: PartDiff;
  /** `htmlChanged`: the body's HTML differs, which a text diff does not show when only markup (a link, emphasis) changed. */
  body: PartDiff & { htmlChanged: boolean };
}

/** 422: two revisions so long and so different that even a paragraph diff would take longer than a request may. */
export function diffTooLarge(parts: string[]): Refusal {
  return new Refusal(
    'diff-too-large',
    'unprocessable',
    'The revisions are too different to diff',
    `the ${parts.join(' and ')} of these revisions differ too much to be compared within the time a request may take: compare revisions closer together`,
    { errors: parts.map((part) => ({ field: part, message: 'is too different to diff' })) },
  );
}

export function revisionDiff(
  storyId: string,
  from: { revision: number; content: StoryContent } | null,
  to: { revision: number; content: StoryContent; updatesVersion: number | null },
  outcome: DiffOutcome,
): RevisionDiff {
  if ('tooLarge' in outcome) throw diffTooLarge(outcome.tooLarge);
  return {
    storyId,
    from: from?.revision ?? null,
    to: to.revision,
    updates: to.updatesVersion === null ? null : { version: to.updatesVersion },
    headline: outcome.parts.headline,
    standfirst: outcome.parts.standfirst,
    body: { ...outcome.parts.body, htmlChanged: (from?.content.body ?? '') !== to.content.body },
  };
}
