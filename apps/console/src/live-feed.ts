import { randomUUID } from 'node:crypto';
import { fromKafkaMessage, Topics } from '@newsroom/contracts';
import { createKafka, KafkaConnectionOptions } from '@newsroom/messaging';
import type { Logger } from 'pino';

/** What a browser is told of one event: enough to know which list to fetch again, nothing of the story's content. */
export interface StoryChange {
  topic: string;
  type: string;
  storyId: string;
  at: string;
}

type Listener = (change: StoryChange) => void;
type Kafka = ReturnType<typeof createKafka>;
type Consumer = ReturnType<Kafka['consumer']>;

/**
 * Follows the story topics for the console's open pages: each console instance reads every event (a group
 * of its own, from the topics' end) and tells each listener which story moved. The pages then read the
 * services' APIs again; the feed carries no content, so it needs no access check of its own.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private readonly groupId = `newsroom-console-${randomUUID()}`;
  joined = false;
  private stopped = false;

  constructor(
    connection: KafkaConnectionOptions,
    private readonly log?: Logger,
  ) {
    this.kafka = createKafka(connection);
  }

  /** Follows the topics, trying again every few seconds while they do not exist yet (a console started before the services). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.follow();
      } catch (err) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        if (this.stopped) return;
        this.log?.warn(`live feed not started (attempt ${attempt}): ${(err as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5000)));
      }
    }
  }

  private async follow(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (this.joined = true));
    await consumer.connect();
    await consumer.subscribe({ topics: [Topics.drafts, Topics.reviews, Topics.articles], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        let change: StoryChange;
        try {
          const event = fromKafkaMessage(message);
          change = { topic, type: event.type, storyId: event.subject, at: event.time };
        } catch {
          return; // not an event the pages could use; the services dead-letter it
        }
        for (const listener of this.listeners) listener(change);
      },
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (!this.consumer) return;
    await this.consumer.disconnect();
    // The group was this instance's alone: leave nothing behind in the broker.
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([this.groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
