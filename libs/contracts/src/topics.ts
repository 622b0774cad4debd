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

/**
 * The CloudEvents `source` of the one service that writes each topic: an absolute URI,
 * `urn:newsroom:<service>`. A consumer dead-letters an event from any other source: a compromised
 * or misconfigured client cannot pass as another service.
 */
export const TopicOwners: Record<Topic, string> = {
  [Topics.drafts]: 'urn:newsroom:ingestion',
  [Topics.reviews]: 'urn:newsroom:editorial',
  [Topics.articles]: 'urn:newsroom:publication',
  [Topics.articlesLatest]: 'urn:newsroom:publication',
};

/** The source Newsroom wrote before it used URNs (`/newsroom/<service>`): events still in the logs carry it. */
export function legacySource(owner: string): string {
  return owner.replace(/^urn:newsroom:/, '/newsroom/');
}

/** The source allowed to write `topic`; undefined for a topic Newsroom does not declare. */
export function topicOwner(topic: string): string | undefined {
  return Object.hasOwn(TopicOwners, topic) ? TopicOwners[topic as Topic] : undefined;
}

/** Whether `source` may have written an event on `topic`: its owner, or the owner's source before URNs. */
export function isTopicOwner(topic: string, source: string): boolean {
  const owner = topicOwner(topic);
  return owner !== undefined && (source === owner || source === legacySource(owner));
}

/**
 * Where one consuming service sends what it can never process from `topic`, with the reason in
 * the headers. Each consumer has its own: a message two services both refuse is one dead letter
 * in each service's topic, and each team replays or discards its own without touching the other's.
 */
export function deadLetterTopic(topic: string, consumer: string): string {
  return `${topic}.${consumer}.dlq`;
}
