import { randomUUID } from 'node:crypto';
import { startServiceApp } from '@newsroom/platform';
import { draftRequest } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { testConfig } from './support/test-env';

describe('ingestion: story text on worker threads', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    // One thread, and room for one more body at the cap: a handful of long stories at once fill it.
    const config = testConfig(ingestionService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, STORY_TEXT_THREADS: '1', STORY_TEXT_QUEUE: '1' });
    app = await startServiceApp(ingestionService, config);
    url = await app.getUrl();
  });

  afterAll(() => app?.close());

  it('answers 429 problem+json with Retry-After while its text threads are full, writes nothing for it, and takes drafts again after', async () => {
    const author = `threads-${randomUUID()}`;
    const token = await tokenFor(author, 'Alice Martin', ['journalist']);
    const long = draftRequest({ body: `<p>${'Un paragraphe de plus, sur la réforme. '.repeat(5_000)}</p>` });
    const replies = await Promise.all(Array.from({ length: 12 }, () => call('POST', `${url}/v1/drafts`, { token, body: long })));

    const statuses = replies.map((reply) => reply.status);
    expect(statuses.every((status) => status === 201 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    const busy = replies.filter((reply) => reply.status === 429);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const reply of busy) {
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.headers.get('retry-after')).toBe('1');
      expect(reply.body).toMatchObject({ type: expect.stringMatching(/busy$/), status: 429 });
    }
    const mine = await call('GET', `${url}/v1/drafts?limit=100`, { token });
    expect(mine.body.items).toHaveLength(statuses.filter((status) => status === 201).length);

    expect((await call('POST', `${url}/v1/drafts`, { token, body: long })).status).toBe(201);
  });
});
