/** One topic per aggregate, its version in the name; the key of every message is the story id. */
export const Topics = {
  drafts: 'newsroom.drafts.v1',
  reviews: 'newsroom.reviews.v1',
  articles: 'newsroom.articles.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/**
 * Where one consuming service sends what it can never process from `topic`, with the reason in
 * the headers. Each consumer has its own: a message two services both refuse is one dead letter
 * in each service's topic, and each team replays or discards its own without touching the other's.
 */
export function deadLetterTopic(topic: string, consumer: string): string {
  return `${topic}.${consumer}.dlq`;
}
