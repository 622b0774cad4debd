import { z } from 'zod';

/**
 * Where a published story stands. `scheduled`: embargoed until its time; `published`: usable, in
 * its latest version; `unpublished`: withdrawn from use, and may come back; `killed`: withdrawn for
 * good, its content purged. A story not yet published has no article status (null).
 */
export const ArticleStatus = z.enum(['scheduled', 'published', 'unpublished', 'killed']);
export type ArticleStatus = z.infer<typeof ArticleStatus>;

/** What editors (and the clock, for `release`) do to a story once it is approved. */
export type ArticleAction =
  'publish' | 'schedule' | 'cancelSchedule' | 'release' | 'update' | 'correct' | 'unpublish' | 'republish' | 'kill';

type From = ArticleStatus | null;

/** The one table of the publishing lifecycle: the statuses each action may start from, and where it leads. */
const lifecycle: Record<ArticleAction, { from: readonly From[]; to: ArticleStatus }> = {
  publish: { from: [null], to: 'published' },
  // Scheduling again moves the time; an unpublished article can be given a time to come back.
  schedule: { from: [null, 'scheduled', 'unpublished'], to: 'scheduled' },
  // A cancelled schedule leaves the article withheld: unpublished, back out by republish or a new schedule.
  cancelSchedule: { from: ['scheduled'], to: 'unpublished' },
  release: { from: ['scheduled'], to: 'published' },
  // A new version of the story, approved again; or an editor's correction with a public note.
  update: { from: ['published'], to: 'published' },
  correct: { from: ['published'], to: 'published' },
  unpublish: { from: ['published'], to: 'unpublished' },
  republish: { from: ['unpublished'], to: 'published' },
  kill: { from: ['scheduled', 'published', 'unpublished'], to: 'killed' },
};

export type ArticleTransition =
  { allowed: true; status: ArticleStatus } | { allowed: false; status: From; action: ArticleAction; reason: string };

/** Where an article in `status` goes on `action`, or a refusal naming the status. */
export function articleTransition(status: From, action: ArticleAction): ArticleTransition {
  const rule = lifecycle[action];
  if (rule.from.includes(status)) return { allowed: true, status: rule.to };
  return { allowed: false, status, action, reason: `a story that is ${status ?? 'not published'} cannot be given "${action}"` };
}

export const ARTICLE_ACTIONS = Object.keys(lifecycle) as ArticleAction[];
