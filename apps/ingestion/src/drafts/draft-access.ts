import { noSuchStory, Refusal } from '@newsroom/contracts';
import type { Principal } from '@newsroom/platform';
import type { Draft } from './draft.entity';

type Authored = Pick<Draft, 'id' | 'authorId' | 'status'>;

export function noSuchDraft(id: string): Refusal {
  return noSuchStory(`no draft ${id}`);
}

/** Editors read every journalist's drafts; a journalist reads their own. */
export function readsEveryDraft(reader: Principal): boolean {
  return reader.roles.includes('editor');
}

/**
 * Whether the draft is there at all for this caller: to anyone who may not read it, it is not. A saved
 * `draft` is its author's work in progress: editors see it once it is submitted.
 */
function visibleTo(draft: Authored, caller: Principal): boolean {
  return draft.authorId === caller.id || (readsEveryDraft(caller) && draft.status !== 'draft');
}

/**
 * Its author and editors may read a draft. Anyone else is told what a made-up id would tell them, the
 * same 404 with the same words, so that a journalist cannot learn which unpublished stories exist.
 */
export function refusalToRead(draft: Authored, reader: Principal): Refusal | undefined {
  return visibleTo(draft, reader) ? undefined : noSuchDraft(draft.id);
}

/** Only its author may revise, submit or withdraw a draft; an editor who can see it is told why, anyone else finds nothing. */
export function refusalToChange(draft: Authored, journalist: Principal, action: 'revise' | 'submit' | 'withdraw'): Refusal | undefined {
  if (draft.authorId === journalist.id) return undefined;
  if (!visibleTo(draft, journalist)) return noSuchDraft(draft.id);
  return new Refusal('not-your-draft', 'not-permitted', 'Not your draft', `only the author of a draft may ${action} it`);
}
