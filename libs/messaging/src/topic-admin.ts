import { deadLetterTopic } from '@newsroom/contracts';
import { Kafka } from 'kafkajs';

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
}

const attempts = 5;

/**
 * Creates the topics (and their dead-letter topics) that do not exist yet; existing ones are left
 * as they are. Services start together and race to create the same topics, so a failed attempt
 * (the topic appeared meanwhile, its leader is not elected yet) is followed by a fresh look.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], layout: TopicLayout): Promise<void> {
  const wanted = [...new Set(topics.flatMap((topic) => [topic, deadLetterTopic(topic)]))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((topic) => !existing.has(topic));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({ topic, numPartitions: layout.partitions, replicationFactor: layout.replicationFactor })),
          });
        }
        await admin.fetchTopicMetadata({ topics: wanted });
        return;
      } catch (err) {
        if (attempt >= attempts) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
