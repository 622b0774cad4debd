// A downstream consumer of newsroom.articles.v1 in plain kafkajs (docs/events.md opens with it): each story's latest
// document in `articles` (its pubStatus says whether it may be shown), a killed story purged, a redelivery skipped.
import { Kafka } from 'kafkajs';

export async function followArticles({ brokers, groupId, articles = new Map(), applied = new Set() }) {
  const consumer = new Kafka({ clientId: groupId, brokers }).consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: 'newsroom.articles.v1', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message: { key, value, headers } }) => {
      const [id, type, story] = [String(headers.ce_id), String(headers.ce_type), String(key)];
      if (applied.has(id)) return; // delivered again: already applied
      type === 'newsroom.article.killed.v1' ? articles.delete(story) : articles.set(story, JSON.parse(value.toString()));
      applied.add(id); // in a real store: in the same transaction as the change
    },
  });
  return consumer;
}
