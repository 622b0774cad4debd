import { randomUUID } from 'node:crypto';
import { createEvent, deadLetterTopic, DraftSubmitted, TopicOwners, Topics } from '@newsroom/contracts';
import { signToken, startServiceApp } from '@newsroom/platform';
import { journalist, storyContent } from '@newsroom/test-factories';
import { INestApplication } from '@nestjs/common';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { closeProducer, header, produce, TopicTap } from './support/kafka-tap';
import { call } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const config = testConfig(editorialService);
const chloe = journalist('Chloé Lefèvre');

describe('a consumer trusts a topic only from the service that owns it', () => {
  let app: INestApplication;
  let base: string;
  let deadLetters: TopicTap;
  let editorToken: string;

  beforeAll(async () => {
    app = await startServiceApp(editorialService, config);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    deadLetters = await TopicTap.open(deadLetterTopic(Topics.drafts, editorialService.name));
    editorToken = await signToken({ sub: 'amelie', name: 'Amélie Durand', roles: ['editor'] }, config.NEWSROOM_JWT_SECRET);
  });

  afterAll(async () => {
    await deadLetters?.close();
    await closeProducer();
    await app?.close();
  });

  const submission = (source: string, storyId: string, headline: string) =>
    createEvent(DraftSubmitted, source, storyId, {
      storyId,
      revision: 1,
      author: chloe,
      content: storyContent({ headline }),
      at: new Date().toISOString(),
    });

  it.each(['/newsroom/publication', '/newsroom/ingestion-impostor', ''.padEnd(300, 'x')])(
    'dead-letters a draft submitted with ce_source %s and queues the real one behind it',
    async (source) => {
      const storyId = randomUUID();
      const forged = submission(source.startsWith('/') ? source : `/${source}`, storyId, 'Forged: the minister resigns');
      const genuine = submission(TopicOwners[Topics.drafts], storyId, 'Le conseil municipal vote le budget');
      await produce(Topics.drafts, forged, genuine);

      const review = await eventually(async () => {
        const answer = await call(`GET`, `${base}/v1/reviews/${storyId}`, { token: editorToken });
        return answer.status === 200 ? answer.body : undefined;
      });
      expect(review?.content.headline).toBe('Le conseil municipal vote le budget');
      const dead = await eventually(() => deadLetters.about(storyId).find((message) => header(message, 'ce_id') === forged.id));
      expect(dead).toBeDefined();
      expect(header(dead!, 'dlq_reason')).toMatch(
        /^ce_source ".*" is not urn:newsroom:ingestion, the only writer of newsroom\.drafts\.v1$/,
      );
      expect(header(dead!, 'dlq_reason')!.length).toBeLessThan(200);
      expect(deadLetters.about(storyId).filter((message) => header(message, 'ce_id') === genuine.id)).toEqual([]);
    },
  );
});
