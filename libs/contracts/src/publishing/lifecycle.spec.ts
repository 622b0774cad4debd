import { ARTICLE_ACTIONS, ArticleAction, ArticleStatus, articleTransition } from './lifecycle';

// Written out in full, independently of the table in the code: every pair not listed is refused.
const allowed: Record<string, ArticleStatus> = {
  'null publish': 'published',
  'null schedule': 'scheduled',
  'scheduled schedule': 'scheduled',
  'unpublished schedule': 'scheduled',
  'scheduled cancelSchedule': 'unpublished',
  'scheduled release': 'published',
  'published update': 'published',
  'published correct': 'published',
  'published unpublish': 'unpublished',
  'unpublished republish': 'published',
  'scheduled kill': 'killed',
  'published kill': 'killed',
  'unpublished kill': 'killed',
};

const statuses = [null, ...ArticleStatus.options];
const pairs = statuses.flatMap((status) => ARTICLE_ACTIONS.map((action) => [status, action] as [ArticleStatus | null, ArticleAction]));
const key = (status: ArticleStatus | null, action: ArticleAction) => `${status} ${action}`;

describe(articleTransition.name, () => {
  it.each(pairs.filter(([status, action]) => allowed[key(status, action)]))('%s → %s is allowed', (status, action) => {
    expect(articleTransition(status, action)).toEqual({ allowed: true, status: allowed[key(status, action)] });
  });

  it.each(pairs.filter(([status, action]) => !allowed[key(status, action)]))('%s → %s is refused, naming the status', (status, action) => {
    expect(articleTransition(status, action)).toEqual({
      allowed: false,
      status,
      action,
      reason: expect.stringContaining(status ?? 'not published'),
    });
  });

  it('covers every status and action', () => {
    expect(pairs).toHaveLength(5 * 9);
  });

  it('lets nothing bring a killed story back', () => {
    expect(ARTICLE_ACTIONS.filter((action) => articleTransition('killed', action).allowed)).toEqual([]);
  });
});
