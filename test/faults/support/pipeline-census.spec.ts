import { ArticlePublished, Topics } from '@newsroom/contracts';
import { articleEvents } from './pipeline-census';
import { RecordedMessage } from './topic-recorder';

const storyA = '11111111-1111-4111-8111-111111111111';
const storyB = '22222222-2222-4222-8222-222222222222';
const storyC = '33333333-3333-4333-8333-333333333333';

let nextOffset = 0;

/** An article.published as the recorder would hold it; `offset` given when a test needs the same one twice. */
function published(story: string, ceId: string, version: string, overrides: Partial<RecordedMessage> = {}): RecordedMessage {
  const value = Buffer.from(JSON.stringify({ uri: `urn:newsroom:article:${story}`, version, headlines: [{ value: 'L’été « brûlant »' }] }));
  return {
    topic: Topics.articles,
    partition: 0,
    offset: String(nextOffset++),
    key: story,
    headers: { ce_specversion: '1.0', ce_id: ceId, ce_type: ArticlePublished.type, ce_subject: story, 'content-type': 'application/json' },
    value,
    size: value.length,
    ...overrides,
  };
}

describe('articleEvents', () => {
  it('finds every approved story published once, with nothing missing, redelivered or conflicting', () => {
    const verdict = articleEvents([published(storyA, 'ce-a', '1'), published(storyB, 'ce-b', '1')], new Set([storyA, storyB]));
    expect(verdict).toMatchObject({ missing: [], redeliveries: 0, conflicting: [] });
    expect(verdict.stories[storyA].ceIds).toEqual({ 'ce-a': { deliveries: 1, version: '1' } });
  });

  it('names approved stories that never reached the topic', () => {
    const verdict = articleEvents([published(storyA, 'ce-a', '1')], new Set([storyA, storyB, storyC]));
    expect(verdict.missing).toEqual([storyB, storyC]);
  });

  it('counts the same ce_id at another offset as a redelivery, not a conflict', () => {
    const verdict = articleEvents(
      [published(storyA, 'ce-a', '1'), published(storyA, 'ce-a', '1', { partition: 3 }), published(storyA, 'ce-a', '1')],
      new Set([storyA]),
    );
    expect(verdict.redeliveries).toBe(2);
    expect(verdict.conflicting).toEqual([]);
    expect(verdict.stories[storyA].ceIds['ce-a'].deliveries).toBe(3);
  });

  it('counts a message the recorder saw twice at one offset once', () => {
    const once = published(storyA, 'ce-a', '1');
    const verdict = articleEvents([once, { ...once }], new Set([storyA]));
    expect(verdict.redeliveries).toBe(0);
    expect(verdict.stories[storyA].ceIds['ce-a'].deliveries).toBe(1);
  });

  it('reports two ce_ids for one story and version as a conflict', () => {
    const verdict = articleEvents(
      [published(storyA, 'ce-2', '1'), published(storyA, 'ce-1', '1'), published(storyB, 'ce-b', '1')],
      new Set([storyA, storyB]),
    );
    expect(verdict.conflicting).toEqual([{ story: storyA, version: '1', ceIds: ['ce-1', 'ce-2'] }]);
  });

  it('does not treat two versions of one story as a conflict', () => {
    const verdict = articleEvents([published(storyA, 'ce-1', '1'), published(storyA, 'ce-2', '2')], new Set([storyA]));
    expect(verdict.conflicting).toEqual([]);
  });

  it('ignores other topics, other types, poison and stories outside the set', () => {
    const verdict = articleEvents(
      [
        published(storyA, 'ce-x', '1', { topic: `${Topics.articles}.ingestion.dlq` }),
        published(storyA, 'ce-y', '1', { headers: { ce_id: 'ce-y', ce_type: 'newsroom.story.teleported.v1', ce_subject: storyA } }),
        published(storyA, 'ce-z', '1', {
          value: Buffer.from('{"headline": « pas du JSON'),
          headers: { ce_type: ArticlePublished.type, ce_subject: storyA },
        }),
        published(storyC, 'ce-c', '1'),
      ],
      new Set([storyA]),
    );
    expect(verdict.missing).toEqual([storyA]);
    expect(verdict.stories[storyC]).toBeUndefined();
  });

  it('falls back to the message key when ce_subject is absent, and marks an unreadable value', () => {
    const verdict = articleEvents(
      [published(storyA, 'ce-a', '1', { value: Buffer.from('not json'), headers: { ce_id: 'ce-a', ce_type: ArticlePublished.type } })],
      new Set([storyA]),
    );
    expect(verdict.stories[storyA].ceIds['ce-a']).toEqual({ deliveries: 1, version: 'unreadable' });
  });
});
