import type { Consumer } from 'kafkajs';

/** Follows newsroom.articles.v1 from its beginning into `articles` (story id → its latest ninjs document); resolves once it runs. */
export function followArticles(options: {
  brokers: string[];
  groupId: string;
  articles?: Map<string, unknown>;
  applied?: Set<string>;
}): Promise<Consumer>;
