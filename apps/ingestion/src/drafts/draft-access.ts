import { noSuchStory, Refusal } from '@newsroom/contracts';
import type { Principal } from '@newsroom/platform';
import type { Draft } from './draft.entity';

type Authored = Pick<Draft, 'authorId'>;

export function noSuchDraft(id: string): Refusal {
  return noSuchStory(`no draft ${id}`);
}

function notYourDraft(detail: string): Refusal {
  return new Refusal('not-your-draft', 'not-permitted', 'Not your draft', detail);
}

/** Editors read every journalist's drafts; a journalist reads their own. */
export function readsEveryDraft(reader: Principal): boolean {
  return reader.roles.includes('editor');
}

/** Its author and editors may read a draft. */
export function refusalToRead(draft: Authored, reader: Principal): Refusal | undefined {
  if (draft.authorId === reader.id || readsEveryDraft(reader)) return undefined;
  return notYourDraft('only the author of a draft and editors may read it');
}

/** Only its author may revise or withdraw a draft. */
export function refusalToChange(draft: Authored, journalist: Principal, action: 'revise' | 'withdraw'): Refusal | undefined {
  if (draft.authorId === journalist.id) return undefined;
  return notYourDraft(`only the author of a draft may ${action} it`);
}
