import { randomUUID } from 'node:crypto';
import { createEvent, deadLetterTopic, ReviewApproved, Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { editor, journalist, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { publicationService } from '../apps/publication/src/publication.service';
import { closeProducer, header, produce, TopicTap } from './support/kafka-tap';
import { TEST_JWT_SECRET } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const SOURCES = { EVENT_SOURCE_EDITORIAL: 'https://editorial.news.example', EVENT_SOURCE_PUBLICATION: 'https://publication.news.example' };

const approval = (source: string, storyId: string) =>
  createEvent(ReviewApproved, source, storyId, {
    storyId,
    revision: 1,
    editor: editor(),
    at: new Date().toISOString(),
    author: journalist(),
    submittedAt: new Date().toISOString(),
    content: storyContent({ slug: `source-${storyId.slice(0, 8)}` }),
  });

describe('CloudEvents sources set by the deployment (EVENT_SOURCE_<SERVICE>)', () => {
  let publication: NestFastifyApplication;
  let articles: TopicTap;
  let deadLetters: TopicTap;

  beforeAll(async () => {
    publication = await startServiceApp(
      publicationService,
      testConfig(publicationService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, ...SOURCES }),
    );
    articles = await TopicTap.open(Topics.articles);
    deadLetters = await TopicTap.open(deadLetterTopic(Topics.reviews, 'publication'));
  });

  afterAll(async () => {
    await publication?.close();
    await articles?.close();
    await deadLetters?.close();
    await closeProducer();
  });

  it('writes its own events under its configured source, and reads the configured and the default source of a topic’s writer, no other', async () => {
    const [configured, byDefault, impostor] = [randomUUID(), randomUUID(), randomUUID()];
    await produce(Topics.reviews, approval(SOURCES.EVENT_SOURCE_EDITORIAL, configured));
    await produce(Topics.reviews, approval('urn:newsroom:editorial', byDefault));
    const forged = approval('https://impostor.example', impostor);
    await produce(Topics.reviews, forged);

    for (const storyId of [configured, byDefault]) {
      const [published] = (await eventually(() => (articles.about(storyId).length ? articles.about(storyId) : undefined), 30_000))!;
      expect([header(published, 'ce_type'), header(published, 'ce_source')]).toEqual([
        'newsroom.article.published.v1',
        SOURCES.EVENT_SOURCE_PUBLICATION,
      ]);
    }
    const dead = await eventually(() => deadLetters.about(impostor).find((message) => header(message, 'ce_id') === forged.id), 30_000);
    expect(header(dead!, 'dlq_reason')).toBe(
      'ce_source "https://impostor.example" is not https://editorial.news.example, the only writer of newsroom.reviews.v1',
    );
    expect(articles.about(impostor)).toEqual([]);
  });
});
