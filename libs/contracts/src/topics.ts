/** One topic per aggregate, its version in the name; the key of every message is the story id. */
export const Topics = {
  drafts: 'newsroom.drafts.v1',
  reviews: 'newsroom.reviews.v1',
  articles: 'newsroom.articles.v1',
  /**
   * Compacted: per story, the latest public ninjs document (the value of its last usable version),
   * or a tombstone (null) once it is unpublished or killed. Not an event stream: a consumer
   * bootstraps from it without replaying the history on `articles`.
   */
  articlesLatest: 'newsroom.articles.latest.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Topics that keep only the last record of each key (`cleanup.policy=compact`): states, not histories. */
export const COMPACTED_TOPICS: readonly Topic[] = [Topics.articlesLatest];

/** The services that write topics. */
export type EventWriter = 'ingestion' | 'editorial' | 'publication';

/** The service that writes each topic; no other may. */
export const TopicWriters: Record<Topic, EventWriter> = {
  [Topics.drafts]: 'ingestion',
  [Topics.reviews]: 'editorial',
  [Topics.articles]: 'publication',
  [Topics.articlesLatest]: 'publication',
};

/** A writer's default CloudEvents `source`: an absolute URI, `urn:newsroom:<service>`. */
export const defaultEventSource = (writer: EventWriter): string => `urn:newsroom:${writer}`;

/**
 * The default CloudEvents `source` of the one service that writes each topic (what the AsyncAPI
 * document gives). A consumer dead-letters an event from any other source: a compromised or
 * misconfigured client cannot pass as another service.
 */
export const TopicOwners = Object.fromEntries(
  Object.entries(TopicWriters).map(([topic, writer]) => [topic, defaultEventSource(writer)]),
) as Record<Topic, string>;

let configuredSources: Record<EventWriter, string> = {
  ingestion: defaultEventSource('ingestion'),
  editorial: defaultEventSource('editorial'),
  publication: defaultEventSource('publication'),
};

/**
 * Sets, at a service's start, the `source` each service writes (EVENT_SOURCE_<SERVICE>, for
 * example its public URL): the same settings in every service of a deployment, so that each
 * knows the others' too. Unset, a writer keeps its default.
 */
export function configureEventSources(sources: Partial<Record<EventWriter, string>>): void {
  configuredSources = { ...configuredSources, ...Object.fromEntries(Object.entries(sources).filter(([, source]) => source)) };
}

/** The `source` this deployment's `writer` puts on its events. */
export function eventSource(writer: EventWriter): string {
  return configuredSources[writer];
}

/** The source Newsroom wrote before it used URNs (`/newsroom/<service>`): events still in the logs carry it. */
export function legacySource(owner: string): string {
  return owner.replace(/^urn:newsroom:/, '/newsroom/');
}

/** The source allowed to write `topic`; undefined for a topic Newsroom does not declare. */
export function topicOwner(topic: string): string | undefined {
  return Object.hasOwn(TopicWriters, topic) ? eventSource(TopicWriters[topic as Topic]) : undefined;
}

/**
 * Whether `source` may have written an event on `topic`: its writer's configured source, or one
 * that writer used before (its default URN, and `/newsroom/<service>` before URNs), which events
 * still in the logs carry.
 */
export function isTopicOwner(topic: string, source: string): boolean {
  if (!Object.hasOwn(TopicWriters, topic)) return false;
  const writer = TopicWriters[topic as Topic];
  return [eventSource(writer), defaultEventSource(writer), legacySource(defaultEventSource(writer))].includes(source);
}

/**
 * Where one consuming service sends what it can never process from `topic`, with the reason in
 * the headers. Each consumer has its own: a message two services both refuse is one dead letter
 * in each service's topic, and each team replays or discards its own without touching the other's.
 */
export function deadLetterTopic(topic: string, consumer: string): string {
  return `${topic}.${consumer}.dlq`;
}
