import { configureEventSources, defaultEventSource, eventSource, isTopicOwner, topicOwner, TopicOwners, Topics } from './topics';

describe('the writer of each topic, by its CloudEvents source', () => {
  afterEach(() => configureEventSources({ publication: defaultEventSource('publication') }));

  it('is urn:newsroom:<service> unless configured; older sources stay accepted', () => {
    expect(TopicOwners[Topics.articles]).toBe('urn:newsroom:publication');
    expect(eventSource('publication')).toBe('urn:newsroom:publication');
    expect(isTopicOwner(Topics.articles, 'urn:newsroom:publication')).toBe(true);
    expect(isTopicOwner(Topics.articles, '/newsroom/publication')).toBe(true);
    expect(isTopicOwner(Topics.articles, 'urn:newsroom:editorial')).toBe(false);
    expect(isTopicOwner('newsroom.unknown.v1', 'urn:newsroom:publication')).toBe(false);
  });

  it('takes the configured source for a writer, and still the default that events already written carry', () => {
    configureEventSources({ publication: 'https://publication.news.example', editorial: undefined });
    expect(eventSource('publication')).toBe('https://publication.news.example');
    expect(eventSource('editorial')).toBe('urn:newsroom:editorial');
    expect(topicOwner(Topics.articlesLatest)).toBe('https://publication.news.example');
    expect(isTopicOwner(Topics.articles, 'https://publication.news.example')).toBe(true);
    expect(isTopicOwner(Topics.articles, 'urn:newsroom:publication')).toBe(true);
    expect(isTopicOwner(Topics.reviews, 'https://publication.news.example')).toBe(false);
    expect(isTopicOwner(Topics.articles, 'https://impostor.example')).toBe(false);
  });
});
