import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { approvalEvent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer } from 'kafkajs';
import { publicationService } from '../apps/publication/src/publication.service';
import { brokers, closeProducer, committedOffsets, header, produce, produceRecords, TopicTap } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

describe('the fifteen-line consumer of examples/articles-consumer.mjs, against the real pipeline', () => {
  let publication: NestFastifyApplication;
  let url: string;
  let editorToken: string;
  let articles: TopicTap;
  let mirror: Pick<Consumer, 'disconnect'> | undefined;

  beforeAll(async () => {
    publication = await startServiceApp(publicationService, testConfig(publicationService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET }));
    url = (await publication.getUrl()).replace('[::1]', '127.0.0.1');
    articles = await TopicTap.open(Topics.articles);
    editorToken = await tokenFor(`desk-${randomUUID()}`, 'Chloé Bernard', ['editor']);
  });

  afterAll(async () => {
    await mirror?.disconnect();
    await articles?.close();
    await closeProducer();
    await publication?.close();
  });

  const desk = (storyId: string, action: string, body: unknown) =>
    call('POST', `${url}/v1/articles/${storyId}/${action}`, { token: editorToken, body });
  const eventsOf = (storyId: string, n: number) =>
    eventually(() => (articles.about(storyId).length >= n ? articles.about(storyId) : undefined), 20_000);

  it('replays the history from zero and ends with exactly the live articles: corrected ones at their last version, killed ones purged, a redelivery skipped', async () => {
    const [kept, corrected, killed, unpublished] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await produce(Topics.reviews, approvalEvent(kept, { content: { headline: 'À Lyon, « la Saône » déborde' } }));
    await produce(Topics.reviews, approvalEvent(corrected, { content: { headline: 'Municipales : 62 % de participation' } }));
    await produce(Topics.reviews, approvalEvent(killed, { content: { headline: 'Un maire mis en cause' } }));
    await produce(Topics.reviews, approvalEvent(unpublished, { content: { headline: 'L’usine rouvrira en mars' } }));
    // Published in this database (the tap may first see a copy another database's publication made of the approval).
    for (const story of [kept, corrected, killed, unpublished])
      expect(
        await eventually(async () => ((await call('GET', `${url}/v1/articles/${story}`)).status === 200 ? true : undefined), 30_000),
      ).toBe(true);

    expect(
      (await desk(corrected, 'corrections', { headline: 'Municipales : 58 % de participation', note: 'Le taux était de 58 %.' })).status,
    ).toBe(201);
    expect((await desk(killed, 'kill', { reason: 'Décision de justice' })).status).toBe(200);
    expect((await desk(unpublished, 'unpublish', { reason: 'Date à revérifier' })).status).toBe(200);
    for (const story of [corrected, killed, unpublished]) expect(await eventsOf(story, 2)).toBeDefined();

    // The first version of the corrected story delivered again, after its correction, as a relay that crashed
    // before recording its send would: same ce_id, same partition. A consumer that applied it would go back to version 1.
    const [firstVersion] = articles.about(corrected);
    const headers = Object.fromEntries(Object.entries(firstVersion.headers!).map(([name, value]) => [name, String(value)]));
    await produceRecords(Topics.articles, {
      key: corrected,
      value: firstVersion.value!.toString(),
      headers,
      partition: firstVersion.partition,
    });
    expect(await eventsOf(corrected, 3)).toBeDefined();

    const { followArticles } = await import('../examples/articles-consumer.mjs');
    const held = new Map<string, any>();
    const groupId = `example-${randomUUID()}`;
    mirror = await followArticles({ brokers, groupId, articles: held });
    // From zero, the whole topic: judged once the consumer has read, on every partition, past the last event of ours
    // (the redelivery included) and of anything before it (it commits after each batch).
    const lastOf = new Map<number, number>();
    for (const story of [kept, corrected, killed, unpublished])
      for (const message of articles.about(story))
        lastOf.set(message.partition, Math.max(lastOf.get(message.partition) ?? -1, Number(message.offset)));
    const pastOurs = await eventually(async () => {
      const committed = await committedOffsets(groupId, Topics.articles);
      return [...lastOf].every(([partition, offset]) => (committed.get(partition) ?? -1) > offset) ? true : undefined;
    }, 90_000);
    expect(pastOurs).toBe(true);

    const live = [kept, corrected, killed, unpublished].filter((story) => held.get(story)?.pubStatus === 'usable');
    expect(live.sort()).toEqual([kept, corrected].sort());
    for (const story of live) {
      const reading = await call('GET', `${url}/v1/articles/${story}`);
      expect(reading.status).toBe(200);
      expect(held.get(story)).toEqual(reading.body);
    }
    expect(held.get(corrected).headlines[0].value).toBe('Municipales : 58 % de participation');
    expect(held.get(kept).headlines[0].value).toBe('À Lyon, « la Saône » déborde');
    for (const gone of [killed, unpublished]) expect((await call('GET', `${url}/v1/articles/${gone}`)).status).toBe(410);
    expect(header(articles.about(killed)[1], 'ce_type')).toBe('newsroom.article.killed.v1');
  });

  it('is the code docs/events.md opens with, in at most fifteen lines', () => {
    const example = readFileSync(join(__dirname, '..', 'examples', 'articles-consumer.mjs'), 'utf8');
    const code = example
      .split('\n')
      .filter((line) => !line.startsWith('//'))
      .join('\n')
      .trim();
    const documented = /```js\n([\s\S]*?)\n```/.exec(readFileSync(join(__dirname, '..', 'docs', 'events.md'), 'utf8'))?.[1];
    expect(documented).toBe(code);
    expect(code.split('\n').filter((line) => line.trim()).length).toBeLessThanOrEqual(15);
  });
});
