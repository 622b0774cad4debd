import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { approvalEvent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { publicationService } from '../apps/publication/src/publication.service';
import { closeProducer, header, produce, TopicTap } from './support/kafka-tap';
import { TEST_JWT_SECRET } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const SOURCES = { EVENT_SOURCE_EDITORIAL: 'https://editorial.news.example', EVENT_SOURCE_PUBLICATION: 'https://publication.news.example' };

describe('CloudEvents sources set by the deployment (EVENT_SOURCE_<SERVICE>)', () => {
  let publication: NestFastifyApplication;
  let articles: TopicTap;
  let deadLetters: TopicTap;
  let groupId: string;

  beforeAll(async () => {
    const config = testConfig(publicationService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, ...SOURCES });
    groupId = config.KAFKA_GROUP_ID;
    publication = await startServiceApp(publicationService, config);
    articles = await TopicTap.open(Topics.articles);
    deadLetters = await TopicTap.open(deadLetterTopic(Topics.reviews, 'publication'));
  }, 120_000);

  afterAll(async () => {
    await publication?.close();
    await articles?.close();
    await deadLetters?.close();
    await closeProducer();
  });

  it('writes its own events under its configured source, and reads the configured and the default source of a topic’s writer, no other', async () => {
    const [configured, byDefault, impostor] = [randomUUID(), randomUUID(), randomUUID()];
    await produce(Topics.reviews, approvalEvent(configured, { source: SOURCES.EVENT_SOURCE_EDITORIAL }));
    await produce(Topics.reviews, approvalEvent(byDefault));
    const forged = approvalEvent(impostor, { source: 'https://impostor.example' });
    await produce(Topics.reviews, forged);

    // Only this instance accepts the configured editorial source: the others (default settings) refuse it, so the
    // article is this instance's, and so is the source on its event.
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const eventOf = (storyId: string) =>
        eventually(async () => {
          const { rows } = await db.query('SELECT event_id FROM publication.outbox WHERE message_key = $1 AND topic = $2', [
            storyId,
            Topics.articles,
          ]);
          return articles.about(storyId).find((message) => header(message, 'ce_id') === rows[0]?.event_id);
        }, 30_000);
      const published = await eventOf(configured);
      expect([header(published!, 'ce_type'), header(published!, 'ce_source')]).toEqual([
        'newsroom.article.published.v1',
        SOURCES.EVENT_SOURCE_PUBLICATION,
      ]);
      // The default source is published too (by whichever instance came first) and never refused by this one.
      expect(header((await eventOf(byDefault))!, 'ce_type')).toBe('newsroom.article.published.v1');
      const { rows } = await db.query('SELECT count(*)::int AS n FROM publication.articles WHERE id = $1', [impostor]);
      expect(rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    // Ours: every publication instance on the broker refuses the forged event, each under its own group.
    const dead = await eventually(
      () =>
        deadLetters
          .about(impostor)
          .find((message) => header(message, 'ce_id') === forged.id && header(message, 'dlq_consumer') === groupId),
      30_000,
    );
    expect(header(dead!, 'dlq_reason')).toBe(
      'ce_source "https://impostor.example" is not https://editorial.news.example, the only writer of newsroom.reviews.v1',
    );
    const ours = (storyId: string) => deadLetters.about(storyId).filter((message) => header(message, 'dlq_consumer') === groupId).length;
    expect([ours(configured), ours(byDefault)]).toEqual([0, 0]);
  });
});
