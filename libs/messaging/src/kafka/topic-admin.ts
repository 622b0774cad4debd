import { Kafka } from 'kafkajs';

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
}

/** A topic to create, with topic-level settings that differ from the broker's defaults. */
export interface TopicSpec {
  topic: string;
  config?: Record<string, string>;
}

/**
 * Dead-letter topics take messages up to 2 MiB: a refused message close to the source topic's
 * 1 MiB limit must still fit once the dead-letter headers are added, or it would block its partition.
 */
export const DEAD_LETTER_TOPIC_CONFIG: Record<string, string> = {
  'max.message.bytes': String(2 * 1024 * 1024),
  // 30 days to look into and replay dead letters; replays are recorded, and `dlq` refuses to replay one again once the inbox may have forgotten it.
  'retention.ms': String(30 * 24 * 3_600_000),
};

/** A compacted topic keeps, per key, the last value written, and drops a key whose last value is a tombstone. */
export const COMPACTED_TOPIC_CONFIG: Record<string, string> = { 'cleanup.policy': 'compact' };

/**
 * How long an event topic keeps its events, set explicitly rather than left to the broker's default:
 * the inbox's retention is checked against it. Segments roll every `segmentHours`, so an event is
 * gone at most that long after the retention.
 */
export function retainedTopicConfig(retentionHours: number, segmentHours: number): Record<string, string> {
  return { 'retention.ms': String(retentionHours * 3_600_000), 'segment.ms': String(segmentHours * 3_600_000) };
}

const attempts = 5;

/**
 * Creates the topics that do not exist yet; existing ones are left as they are. Services start
 * together and race to create the same topics, so a failed attempt (the topic appeared meanwhile,
 * its leader is not elected yet) is followed by a fresh look.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly (string | TopicSpec)[], layout: TopicLayout): Promise<void> {
  const specs = new Map<string, TopicSpec>();
  for (const entry of topics) {
    const spec = typeof entry === 'string' ? { topic: entry } : entry;
    specs.set(spec.topic, { ...specs.get(spec.topic), ...spec });
  }
  const wanted = [...specs.keys()];
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
            topics: missing.map((topic) => ({
              topic,
              numPartitions: layout.partitions,
              replicationFactor: layout.replicationFactor,
              configEntries: Object.entries(specs.get(topic)?.config ?? {}).map(([name, value]) => ({ name, value })),
            })),
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
