// Runs in a worker thread of DiffDesk's pool: word diffs of long bodies take hundreds of
// milliseconds, which the event loop must never wait for. Imports nothing but the diff library.
import { diffArrays, diffWordsWithSpace } from 'diff';

export type DiffPart = 'headline' | 'standfirst' | 'body';
export type Granularity = 'word' | 'paragraph';

/** One run of text: kept as it was, added by the later revision, or removed from the earlier one. */
export interface Change {
  type: 'same' | 'added' | 'removed';
  text: string;
}

export interface PartDiff {
  granularity: Granularity;
  changes: Change[];
}

export interface DiffTask {
  /** The earlier and the later text of each part, plain text; paragraphs separated by line breaks. */
  texts: Record<DiffPart, [string, string]>;
  /** How long the word diff of one part may search before a coarser one is tried. */
  wordBudgetMs: number;
  /** How long the paragraph diff may then take before the part counts as too different to show. */
  paragraphBudgetMs: number;
}

/** Each part's diff, or the parts too large and too different to diff within the budgets. */
export type DiffOutcome = { parts: Record<DiffPart, PartDiff> } | { tooLarge: DiffPart[] };

const kind = (change: { added?: boolean; removed?: boolean }): Change['type'] =>
  change.added ? 'added' : change.removed ? 'removed' : 'same';

function byParagraph(before: string, after: string, budgetMs: number): Change[] | undefined {
  const paragraphs = (text: string) => (text ? text.split('\n') : []);
  // A timeout of 0 would mean none at all.
  const runs = diffArrays(paragraphs(before), paragraphs(after), { timeout: Math.max(1, budgetMs) });
  // Runs joined as the text was: a line break between paragraphs, also across runs.
  return runs?.map((run, index) => ({ type: kind(run), text: run.value.join('\n') + (index < runs.length - 1 ? '\n' : '') }));
}

function diffPart([before, after]: [string, string], task: DiffTask): PartDiff | undefined {
  if (before === after) return { granularity: 'word', changes: before ? [{ type: 'same', text: before }] : [] };
  const words = diffWordsWithSpace(before, after, { timeout: Math.max(1, task.wordBudgetMs) });
  if (words) return { granularity: 'word', changes: words.map((change) => ({ type: kind(change), text: change.value })) };
  const paragraphs = byParagraph(before, after, task.paragraphBudgetMs);
  return paragraphs && { granularity: 'paragraph', changes: paragraphs };
}

export default function diffRevisions(task: DiffTask): DiffOutcome {
  const parts = {} as Record<DiffPart, PartDiff>;
  const tooLarge: DiffPart[] = [];
  for (const part of ['headline', 'standfirst', 'body'] as const) {
    const diff = diffPart(task.texts[part], task);
    if (diff) parts[part] = diff;
    else tooLarge.push(part);
  }
  return tooLarge.length ? { tooLarge } : { parts };
}
