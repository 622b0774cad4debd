import { logLevel } from 'kafkajs';
import { createKafka, KafkaConnectionOptions } from './kafka-connection';
import { ensureTopics, TopicLayout, TopicSpec } from './topic-admin';

/**
 * Reaches the brokers with a short retry and, when `topics` are given, creates those missing.
 * A service runs this before it starts, to refuse at once, in one line, a broker it cannot use.
 */
export async function checkBrokers(
  connection: KafkaConnectionOptions,
  topics?: readonly (string | TopicSpec)[],
  layout?: TopicLayout,
): Promise<void> {
  // The caller reports a failure in one line; kafkajs's retry chatter would bury it.
  const kafka = createKafka(connection, { retry: { retries: 2, initialRetryTime: 300 }, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    if (topics && layout) await ensureTopics(kafka, topics, layout);
  } finally {
    await admin.disconnect();
  }
}
