import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { approvalEvent, NBSP } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { publicationService } from '../apps/publication/src/publication.service';
import { closeProducer, produce } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const subjectOf = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { subject?: string }).subject;
  } catch {
    return undefined;
  }
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A receiver on loopback that records every POST. `answers` says what a path answers (204 by default); `plans`, what
 * it answers to one story's events in turn (the last repeats). Other suites publish meanwhile on the same database,
 * so their stories reach these subscriptions too: each check looks at its own story's requests.
 */
class Receiver {
  readonly received: Received[] = [];
  readonly answers = new Map<string, number>();
  readonly plans = new Map<string, number[]>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        receiver.received.push({ path, headers: req.headers, body });
        const plan = receiver.plans.get(`${path} ${subjectOf(body)}`);
        const status = plan ? (plan.length > 1 ? plan.shift()! : plan[0]) : (receiver.answers.get(path) ?? 204);
        if (status === 302) res.writeHead(302, { location: '/ok' }).end();
        else res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string, storyId?: string): Received[] {
    return this.received.filter((request) => request.path === path && (storyId === undefined || subjectOf(request.body) === storyId));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const WEBHOOK_SETTINGS = {
  NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '300',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_RETRY_WINDOW_SECONDS: '3',
};

describe('webhooks: article events POSTed to subscribers, signed per Standard Webhooks, in order, retried', () => {
  let publication: NestFastifyApplication;
  let url: string;
  let admin: string;
  let deskEditor: string;
  let receiver: Receiver;
  const created: string[] = [];

  const start = async () => {
    publication = await startServiceApp(publicationService, testConfig(publicationService, WEBHOOK_SETTINGS));
    url = (await publication.getUrl()).replace('[::1]', '127.0.0.1');
  };

  beforeAll(async () => {
    receiver = await Receiver.start();
    await start();
    admin = await tokenFor(`admin-${randomUUID()}`, 'Inès Admin', ['admin']);
    deskEditor = await tokenFor(`desk-${randomUUID()}`, 'Chloé Bernard', ['editor']);
  }, 120_000);

  afterAll(async () => {
    // This run's subscriptions go, so that later suites sharing the database do not deliver to a receiver that is gone.
    for (const id of created) await call('DELETE', `${url}/v1/webhooks/${id}`, { token: admin });
    await publication?.close();
    await closeProducer();
    await receiver?.stop();
  });

  const subscribe = async (path: string, events: string[]) => {
    const reply = await call('POST', `${url}/v1/webhooks`, { token: admin, body: { url: receiver.url(path), events } });
    expect(reply.status).toBe(201);
    created.push(reply.body.id);
    return reply.body as { id: string; secret: string };
  };
  const verified = (secret: string, request: Received) =>
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Record<string, any>;
  const publish = async (headline: string): Promise<string> => {
    const storyId = randomUUID();
    await produce(Topics.reviews, approvalEvent(storyId, { content: { headline } }));
    return storyId;
  };
  const received = (path: string, storyId: string, n: number) =>
    eventually(() => (receiver.at(path, storyId).length >= n ? receiver.at(path, storyId) : undefined), 20_000);

  it('registers a subscription for admins only, refusing a URL or an event type it cannot serve, naming the field', async () => {
    const target = receiver.url('/registration');
    expect((await call('POST', `${url}/v1/webhooks`, { token: deskEditor, body: { url: target, events: ['*'] } })).status).toBe(403);
    const badUrl = await call('POST', `${url}/v1/webhooks`, { token: admin, body: { url: 'ftp://example.org/in', events: ['*'] } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.errors).toEqual([{ field: 'url', message: 'must be an http(s) URL' }]);
    const badType = await call('POST', `${url}/v1/webhooks`, {
      token: admin,
      body: { url: target, events: ['newsroom.draft.submitted.v1'] },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.errors).toEqual([expect.objectContaining({ field: 'events[0]' })]);

    const { id, secret } = await subscribe('/registration', ['newsroom.article.*']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const read = await call('GET', `${url}/v1/webhooks/${id}`, { token: admin });
    expect(read.body).toMatchObject({ id, url: target, events: ['newsroom.article.*'], enabled: true, disabled: null });
    expect(read.body).not.toHaveProperty('secret');
    expect((await call('GET', `${url}/v1/webhooks`, { token: admin })).body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await call('GET', `${url}/v1/webhooks/${randomUUID()}`, { token: admin })).status).toBe(404);
    expect((await call('GET', `${url}/v1/webhooks/not-an-id`, { token: admin })).status).toBe(404);
  });

  it('POSTs each matching article event as a structured CloudEvent, signed, its webhook-id the ce_id, French text byte for byte', async () => {
    const everything = await subscribe('/all', ['newsroom.article.*']);
    const killsOnly = await subscribe('/kills', ['newsroom.article.killed.v1']);
    const headline = `À Nantes, «${NBSP}l’île${NBSP}» s’étend`;
    const storyId = await publish(headline);
    await eventually(async () => ((await call('GET', `${url}/v1/articles/${storyId}`)).status === 200 ? true : undefined));
    const note = 'Le chiffre était faux.';
    expect(
      (
        await call('POST', `${url}/v1/articles/${storyId}/corrections`, {
          token: deskEditor,
          body: { headline: `${headline} (corrigé)`, note },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('POST', `${url}/v1/articles/${storyId}/kill`, { token: deskEditor, body: { reason: 'Décision de justice' } })).status,
    ).toBe(200);

    const ours = (await received('/all', storyId, 3))!;
    expect(ours.map((request) => JSON.parse(request.body).type)).toEqual([
      'newsroom.article.published.v1',
      'newsroom.article.corrected.v1',
      'newsroom.article.killed.v1',
    ]);
    // The story's events as this database's publication staged them (the tracing stack, on a database of its own, may
    // publish the same approval too).
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db
      .query('SELECT event_id FROM publication.outbox WHERE message_key = $1 AND topic = $2 ORDER BY id', [storyId, Topics.articles])
      .finally(() => db.end());
    const eventIds = rows.map((row: { event_id: string }) => row.event_id);
    expect(eventIds).toHaveLength(3);
    for (const [n, request] of ours.entries()) {
      const event = verified(everything.secret, request);
      expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(request.headers['webhook-id']).toBe(eventIds[n]);
      expect(event).toMatchObject({
        specversion: '1.0',
        id: eventIds[n],
        source: 'urn:newsroom:publication',
        subject: storyId,
      });
    }
    expect(verified(everything.secret, ours[0]).data.headlines[0].value).toBe(headline);
    expect(ours[0].body).toContain(headline);
    expect(verified(everything.secret, ours[1]).data.descriptions).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: note })]),
    );
    // Another secret's signature does not pass.
    expect(() => verified(killsOnly.secret, ours[0])).toThrow();

    const kills = (await received('/kills', storyId, 1))!;
    expect(kills.map((request) => verified(killsOnly.secret, request).type)).toEqual(['newsroom.article.killed.v1']);

    const log = await call('GET', `${url}/v1/webhooks/${everything.id}/deliveries`, { token: admin });
    expect(log.body.items.filter((item: { storyId: string }) => item.storyId === storyId)).toEqual([
      expect.objectContaining({ type: 'newsroom.article.killed.v1', status: 'delivered', attempts: 1, lastStatus: 204 }),
      expect.objectContaining({ type: 'newsroom.article.corrected.v1', status: 'delivered', attempts: 1 }),
      expect.objectContaining({ type: 'newsroom.article.published.v1', status: 'delivered', attempts: 1 }),
    ]);
  });

  it('retries a failing receiver with the same webhook-id, keeps the story’s order meanwhile, and loses nothing over a restart', async () => {
    const { secret } = await subscribe('/flaky', ['newsroom.article.*']);
    const storyId = randomUUID();
    receiver.plans.set(`/flaky ${storyId}`, [500, 503, 204]);
    await produce(Topics.reviews, approvalEvent(storyId, { content: { headline: 'Municipales : 62 % de participation' } }));
    await eventually(async () => ((await call('GET', `${url}/v1/articles/${storyId}`)).status === 200 ? true : undefined));
    expect(
      (
        await call('POST', `${url}/v1/articles/${storyId}/corrections`, {
          token: deskEditor,
          body: { headline: 'Municipales : 58 % de participation', note: '58 %, pas 62 %.' },
        })
      ).status,
    ).toBe(201);
    await received('/flaky', storyId, 2);
    // Publication stops mid-retry and comes back: the deliveries are in Postgres, not in its memory.
    await publication.close();
    await start();

    const all = (await received('/flaky', storyId, 4))!;
    const types = all.map((request) => verified(secret, request).type);
    expect(types).toEqual([
      'newsroom.article.published.v1',
      'newsroom.article.published.v1',
      'newsroom.article.published.v1',
      'newsroom.article.corrected.v1',
    ]);
    expect(new Set(all.slice(0, 3).map((request) => request.headers['webhook-id'])).size).toBe(1);
  });

  it('disables a subscription whose receiver fails past the retry window, with the reason; re-enabled, it sends what waited, in order', async () => {
    receiver.answers.set('/down', 500);
    const { id, secret } = await subscribe('/down', ['newsroom.article.published.v1']);
    const first = await publish('Premier article en attente');
    const disabled = await eventually(async () => {
      const read = await call('GET', `${url}/v1/webhooks/${id}`, { token: admin });
      return read.body.enabled === false ? read.body : undefined;
    }, 20_000);
    expect(disabled).toMatchObject({ enabled: false, disabled: { reason: expect.stringContaining('answered 500') } });
    const second = await publish('Second article en attente');
    await eventually(async () => ((await call('GET', `${url}/v1/articles/${second}`)).status === 200 ? true : undefined));
    const tried = receiver.at('/down').length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.at('/down').length).toBe(tried);
    const waiting = (await call('GET', `${url}/v1/webhooks/${id}/deliveries`, { token: admin })).body.items.filter(
      (item: { storyId: string }) => [first, second].includes(item.storyId),
    );
    expect(waiting.map((item: { storyId: string; status: string }) => [item.storyId, item.status])).toEqual([
      [second, 'pending'],
      [first, 'pending'],
    ]);

    receiver.answers.set('/down', 204);
    expect((await call('POST', `${url}/v1/webhooks/${id}/enable`, { token: admin })).body).toMatchObject({ enabled: true, disabled: null });
    await received('/down', second, 1);
    const delivered = receiver.received.filter(
      (request) => request.path === '/down' && [first, second].includes(subjectOf(request.body)!) && request.headers['webhook-id'],
    );
    const answered = delivered.slice(-2).map((request) => verified(secret, request).subject);
    expect(answered).toEqual([first, second]);
  });

  it('does not follow a redirect: a 3xx is a failed delivery, and the other address hears nothing from it', async () => {
    receiver.answers.set('/moved', 302);
    const { id } = await subscribe('/moved', ['newsroom.article.published.v1']);
    const before = receiver.at('/ok').length;
    const storyId = await publish('Un article qui ne suit pas les redirections');
    const failed = await eventually(async () => {
      const log = await call('GET', `${url}/v1/webhooks/${id}/deliveries`, { token: admin });
      const entry = log.body.items.find((item: { storyId: string }) => item.storyId === storyId);
      return entry?.attempts >= 1 ? entry : undefined;
    });
    expect(failed).toMatchObject({ status: 'pending', lastStatus: 302, lastError: 'answered 302' });
    expect(receiver.at('/ok').length).toBe(before);
  });
});
