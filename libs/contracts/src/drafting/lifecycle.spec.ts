import { ArticleStatus } from '../publishing/lifecycle';
import { StoryStatus } from '../stories/story';
import {
  publishedUpstream,
  revisionTransition,
  scheduledUpstream,
  STORY_ACTIONS,
  StoryAction,
  storyTransition,
  withdrawalTransition,
} from './lifecycle';

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
  'draft revise': 'draft',
  'submitted revise': 'submitted',
  'changes_requested revise': 'submitted',
  'published revise': 'submitted',
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

  it('leaves rejected and withdrawn stories where they are', () => {
    for (const status of ['rejected', 'withdrawn'] as const) {
      expect(STORY_ACTIONS.every((action) => !storyTransition(status, action).allowed)).toBe(true);
    }
  });

  it('keeps a saved draft out of the queue however often its author edits it, until it is submitted', () => {
    expect(STORY_ACTIONS.filter((action) => storyTransition('draft', action).allowed)).toEqual(['submit', 'revise', 'withdraw']);
    expect(storyTransition('draft', 'revise')).toEqual({ allowed: true, status: 'draft' });
  });

  it('takes a published story back into review only as its author’s revision (an update)', () => {
    expect(STORY_ACTIONS.filter((action) => storyTransition('published', action).allowed)).toEqual(['revise']);
  });
});

describe(revisionTransition.name, () => {
  // Every draft status × every article state (none yet, or one of four).
  it.each(StoryStatus.options.flatMap((status) => [null, 'published' as const].map((article) => [status, article] as const)))(
    '%s with article %s follows the drafting table',
    (status, article) => {
      expect(revisionTransition(status, article)).toEqual(storyTransition(status, 'revise'));
    },
  );

  const refusedArticles = ArticleStatus.options.filter((article) => article !== 'published');
  it.each(StoryStatus.options.flatMap((status) => refusedArticles.map((article) => [status, article] as const)))(
    '%s with article %s is refused, naming the article’s state',
    (status, article) => {
      expect(revisionTransition(status, article)).toEqual({
        allowed: false,
        status,
        action: 'revise',
        articleStatus: article,
        reason: `a story whose article is ${article} cannot be revised`,
      });
    },
  );

  it('lets the author update a live article', () => {
    expect(revisionTransition('published', 'published')).toEqual({ allowed: true, status: 'submitted' });
  });
});

describe(withdrawalTransition.name, () => {
  it.each(StoryStatus.options)('%s with no article follows the drafting table', (status) => {
    expect(withdrawalTransition(status, null)).toEqual(storyTransition(status, 'withdraw'));
  });

  it.each(StoryStatus.options.flatMap((status) => ArticleStatus.options.map((article) => [status, article] as const)))(
    '%s with article %s is refused, naming the article’s state',
    (status, article) => {
      expect(withdrawalTransition(status, article)).toEqual({
        allowed: false,
        status,
        action: 'withdraw',
        articleStatus: article,
        reason: `a story whose article is ${article} cannot be withdrawn`,
      });
    },
  );
});

describe(scheduledUpstream.name, () => {
  it('approves the draft from whatever it last saw, since publication holds the approved story', () => {
    for (const status of StoryStatus.options.filter((status) => !['approved', 'published'].includes(status))) {
      expect(scheduledUpstream(status)).toEqual({ allowed: true, status: 'approved' });
    }
  });

  it('leaves an approved draft (a new embargo time) and a published one as they are', () => {
    expect(scheduledUpstream('approved')).toMatchObject({ allowed: false, status: 'approved' });
    expect(scheduledUpstream('published')).toMatchObject({ allowed: false, status: 'published' });
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
