import { StoryStatus } from './story';

/** What can happen to a story, in the newsroom's words. */
export type StoryAction = 'submit' | 'claim' | 'requestChanges' | 'approve' | 'reject' | 'revise' | 'withdraw' | 'publish';

const undecided: StoryStatus[] = ['submitted', 'in_review'];

/** The one table of the drafting lifecycle: for each action, the statuses it may start from and where it leads. */
const lifecycle: Record<StoryAction, { from: readonly StoryStatus[]; to: StoryStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  claim: { from: undecided, to: 'in_review' },
  requestChanges: { from: undecided, to: 'changes_requested' },
  approve: { from: undecided, to: 'approved' },
  reject: { from: undecided, to: 'rejected' },
  // Once an editor holds the story, its text stays still until they decide.
  revise: { from: ['submitted', 'changes_requested'], to: 'submitted' },
  withdraw: { from: ['draft', 'submitted', 'in_review', 'changes_requested'], to: 'withdrawn' },
  publish: { from: ['approved'], to: 'published' },
};

export type Transition = { allowed: true; status: StoryStatus } | { allowed: false; reason: string };

const phrase: Record<StoryAction, string> = {
  submit: 'submitted',
  claim: 'claimed',
  requestChanges: 'sent back for changes',
  approve: 'approved',
  reject: 'rejected',
  revise: 'revised',
  withdraw: 'withdrawn',
  publish: 'published',
};

/** Where a story in `status` goes on `action`, or why it cannot, naming the status. */
export function storyTransition(status: StoryStatus, action: StoryAction): Transition {
  const rule = lifecycle[action];
  if (rule.from.includes(status)) return { allowed: true, status: rule.to };
  return { allowed: false, reason: `a story that is ${status.replace('_', ' ')} cannot be ${phrase[action]}` };
}

export const STORY_ACTIONS = Object.keys(lifecycle) as StoryAction[];
