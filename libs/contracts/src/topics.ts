/** One topic per aggregate, its version in the name; the key of every message is the story id. */
export const Topics = {
  drafts: 'newsroom.drafts.v1',
  reviews: 'newsroom.reviews.v1',
  articles: 'newsroom.articles.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Where a consumer sends what it can never process, with the reason in the headers. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
