import { StoryStatus } from '../stories/story';
import { publishedUpstream, STORY_ACTIONS, StoryAction, storyTransition } from './lifecycle';

// Written out in full, independently of the table in the code: every pair not listed is refused.
const allowed: Record<string, StoryStatus> = {
  'draft submit': 'submitted',
  'submitted claim': 'in_review',
  'in_review claim': 'in_review',
  'submitted requestChanges': 'changes_requested',
  'in_review requestChanges': 'changes_requested',
  'submitted approve': 'approved',
  'in_review approve': 'approved',
  'submitted reject': 'rejected',
  'in_review reject': 'rejected',
  'submitted revise': 'submitted',
  'changes_requested revise': 'submitted',
  'draft withdraw': 'withdrawn',
  'submitted withdraw': 'withdrawn',
  'in_review withdraw': 'withdrawn',
  'changes_requested withdraw': 'withdrawn',
  'approved publish': 'published',
};

const pairs = StoryStatus.options.flatMap((status) => STORY_ACTIONS.map((action) => [status, action] as [StoryStatus, StoryAction]));

describe(storyTransition.name, () => {
  it.each(pairs.filter(([status, action]) => allowed[`${status} ${action}`]))('%s → %s is allowed', (status, action) => {
    expect(storyTransition(status, action)).toEqual({ allowed: true, status: allowed[`${status} ${action}`] });
  });

  it.each(pairs.filter(([status, action]) => !allowed[`${status} ${action}`]))(
    '%s → %s is refused, naming the status',
    (status, action) => {
      const result = storyTransition(status, action);
      expect(result.allowed).toBe(false);
      expect(!result.allowed && result.reason).toContain(status.replace('_', ' '));
    },
  );

  it('covers every status and action', () => {
    expect(pairs).toHaveLength(8 * 8);
  });

  it('leaves rejected, withdrawn and published stories where they are', () => {
    for (const status of ['rejected', 'withdrawn', 'published'] as const) {
      expect(STORY_ACTIONS.every((action) => !storyTransition(status, action).allowed)).toBe(true);
    }
  });
});

describe(publishedUpstream.name, () => {
  it('publishes a draft from whatever it last saw, since the article is live', () => {
    for (const status of StoryStatus.options.filter((status) => status !== 'published')) {
      expect(publishedUpstream(status)).toEqual({ allowed: true, status: 'published' });
    }
  });

  it('leaves a published draft as it is (a new version of the article is nothing new for it)', () => {
    expect(publishedUpstream('published')).toMatchObject({ allowed: false, status: 'published' });
  });
});
