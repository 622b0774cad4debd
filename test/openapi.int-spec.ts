import { randomUUID } from 'node:crypto';
import { compileErrors, validate } from '@readme/openapi-parser';
import { createEvent, DraftRevised, DraftSubmitted, Topics } from '@newsroom/contracts';
import { approvalEvent, storyContent } from '@newsroom/test-factories';
import { Answers, ApiDocs, declaredRoutes, ServiceDefinition, signToken, startServiceApp, undocumentedRoutes } from '@newsroom/platform';
import { Controller, Get, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { publicationService } from '../apps/publication/src/publication.service';
import { NBSP } from './factories';
import { closeProducer, produce } from './support/kafka-tap';
import { call } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
interface Response {
  content?: Record<string, { schema?: object }>;
  headers?: Record<string, object>;
}
interface Operation {
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: object }> };
  'x-roles'?: string[];
}
interface DocumentedOperation {
  method: (typeof METHODS)[number];
  path: string;
  operation: Operation;
}

const operationsOf = (document: OpenAPIObject): DocumentedOperation[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ method, path, operation }] : [];
    }),
  );
const nestPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
const named = ({ method, path }: { method: string; path: string }) => `${method.toUpperCase()} ${path}`;

/** Checks an answer's body against the schema the document gives for that status and media type, as a client generated from it would. */
function answerChecker(document: OpenAPIObject) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The document's components under an id of their own, so that its `#/components/schemas/...` references resolve.
  ajv.addSchema({ $id: 'newsroom:openapi', components: document.components });
  const rebased = (schema: object) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"newsroom:openapi#/components/')) as object;
  return (operation: Operation, status: number, contentType: string, body: unknown): string[] => {
    const response = operation.responses[String(status)];
    if (!response) return [`status ${status} is not documented`];
    const media = Object.entries(response.content ?? {}).find(([type]) => type.split(';')[0] === contentType.split(';')[0]);
    if (!media) return [`${contentType} is not documented for ${status}`];
    if (!media[1].schema) return [];
    const check = ajv.compile(rebased(media[1].schema));
    return check(body) ? [] : (check.errors ?? []).map((error) => `${error.instancePath || 'body'} ${error.message}`);
  };
}

/** Added to a service for one test: a route whose answers nobody declared. */
@Controller('probe')
class UndocumentedProbe {
  @Get('declared')
  @Answers(200, null)
  declared() {
    return {};
  }

  @Post('forgotten')
  forgotten() {
    return {};
  }
}

describe('a route that declares no answer', () => {
  it('is named as undocumented, so that the route check below fails for it', async () => {
    const app = await startServiceApp(editorialService, testConfig(editorialService), { controllers: [UndocumentedProbe] });
    try {
      expect(undocumentedRoutes(declaredRoutes(app))).toEqual(['UndocumentedProbe.forgotten (POST /probe/forgotten)']);
    } finally {
      await app.close();
    }
  });
});

describe.each([
  ['ingestion', ingestionService],
  ['editorial', editorialService],
  ['publication', publicationService],
] as [string, ServiceDefinition][])('the OpenAPI document of %s', (service, definition) => {
  const config = testConfig(definition);
  let app: NestFastifyApplication;
  let base: string;
  let document: OpenAPIObject;
  let check: ReturnType<typeof answerChecker>;

  beforeAll(async () => {
    app = await startServiceApp(definition, config);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${base}/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenAPIObject;
    check = answerChecker(document);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is a valid OpenAPI 3.1 document, by an independent validator', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
  });

  it('is the one the service built, served as JSON', () => {
    expect(app.get(ApiDocs).document).toEqual(document);
  });

  it('documents every route the service serves, each with its success answer', () => {
    const routes = declaredRoutes(app);
    const documented = new Set(operationsOf(document).map(named));
    expect(routes.map(named).filter((route) => !documented.has(route))).toEqual([]);
    expect(undocumentedRoutes(routes)).toEqual([]);
    for (const { operation } of operationsOf(document)) {
      expect(Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status))).toBe(true);
    }
  });

  it('documents no route the HTTP server does not have', () => {
    const fastify = app.getHttpAdapter().getInstance();
    const missing = operationsOf(document).filter(
      ({ method, path }) => !fastify.hasRoute({ method: method.toUpperCase(), url: nestPath(path) }),
    );
    expect(missing.map(named)).toEqual([]);
  });

  it('gives every signed-in route the bearer scheme and its roles, and every refusal the problem+json shape', () => {
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const shapeless: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      if (operation.security?.length) {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation['x-roles']).toBeDefined();
        expect(operation.responses['401']).toBeDefined();
      }
      expect(operation.responses['429']).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        const problem = response.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
        if (Number(status) >= 400 && problem?.$ref !== '#/components/schemas/Problem')
          shapeless.push(`${named({ method, path })} ${status}`);
      }
    }
    expect(shapeless).toEqual([]);
  });

  it('serves a browsable page over the document', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const loaded = await fetch(new URL(asset[1], `${base}/docs`));
      expect([asset[1], loaded.status]).toEqual([asset[1], 200]);
    }
    const script = await (await fetch(`${base}/docs/ui/init.js`)).text();
    expect(script).toContain('./docs/openapi.json');
  });

  it('answers every documented route, when refused, with a body of the documented problem shape', async () => {
    const unknownStory = '00000000-0000-4000-8000-000000000000';
    const tried: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const hasPathParams = /\{\w+\}/.test(path);
      const url = `${base}${path.replace(/\{n\}/, '1').replace(/\{\w+\}/g, unknownStory)}`;
      // Signed-in routes refuse a caller without a token; public ones refuse a story that is not there.
      if (!operation.security?.length && !hasPathParams) continue;
      const response = await fetch(url, { method: method.toUpperCase() });
      const expected = operation.security?.length ? 401 : 404;
      expect([named({ method, path }), response.status]).toEqual([named({ method, path }), expected]);
      const errors = check(operation, response.status, response.headers.get('content-type') ?? '', await response.json());
      expect([named({ method, path }), errors]).toEqual([named({ method, path }), []]);
      tried.push(named({ method, path }));
    }
    expect(tried.length).toBeGreaterThan(0);
  });

  it('answers the public routes without parameters with bodies of their documented shape', async () => {
    for (const { method, path, operation } of operationsOf(document)) {
      if (operation.security?.length || /\{\w+\}/.test(path) || method !== 'get') continue;
      const response = await fetch(`${base}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
      const type = response.headers.get('content-type') ?? '';
      const body = /json/.test(type) ? await response.json() : await response.text();
      expect([path, check(operation, 200, type, body)]).toEqual([path, []]);
    }
  });

  /** Sends as `token` and checks the answer against the document: its status, media type and body shape. */
  const sender =
    (token: string) =>
    async (method: string, path: string, url: string, body?: unknown): Promise<{ status: number; body: any }> => {
      const response = await fetch(`${base}${url}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const answer = text ? JSON.parse(text) : undefined;
      const operation = (document.paths[path] as Record<string, Operation>)[method];
      const errors = response.status === 204 ? [] : check(operation, response.status, response.headers.get('content-type') ?? '', answer);
      expect([method, path, response.status, errors]).toEqual([method, path, response.status, []]);
      return { status: response.status, body: answer };
    };

  if (service === 'editorial') {
    it('answers a review’s life, each step with a body of its documented shape', async () => {
      const storyId = randomUUID();
      const author = { id: `author-${storyId}`, name: 'Élodie Lefèvre' };
      const revision = (contract: typeof DraftSubmitted | typeof DraftRevised, n: number) =>
        createEvent(contract, 'urn:newsroom:ingestion', storyId, {
          storyId,
          revision: n,
          author,
          content: storyContent({ headline: `Retraites${NBSP}: «${NBSP}version ${n}${NBSP}»`, slug: `openapi-${storyId.slice(0, 8)}` }),
          at: new Date().toISOString(),
        });
      await produce(Topics.drafts, revision(DraftSubmitted, 1));
      const token = await signToken({ sub: `editor-${storyId}`, name: 'Marc Durand', roles: ['editor'] }, config.NEWSROOM_JWT_SECRET);
      const send = sender(token);
      const reviewAt = `/v1/reviews/${storyId}`;
      expect(
        await eventually(async () => ((await call('GET', `${base}${reviewAt}`, { token })).status === 200 ? true : undefined), 30_000),
      ).toBe(true);
      expect((await send('get', '/v1/reviews', '/v1/reviews?limit=5')).status).toBe(200);
      expect((await send('get', '/v1/reviews/{id}', reviewAt)).body.content.headline).toContain('«');
      expect((await send('post', '/v1/reviews/{id}/claim', `${reviewAt}/claim`)).body.claim).not.toBeNull();
      expect(
        (await send('post', '/v1/reviews/{id}/request-changes', `${reviewAt}/request-changes`, { revision: 1, comment: 'Sources ?' }))
          .status,
      ).toBe(200);
      await produce(Topics.drafts, revision(DraftRevised, 2));
      expect(
        await eventually(async () => ((await call('GET', `${base}${reviewAt}`, { token })).body.revision === 2 ? true : undefined)),
      ).toBe(true);
      expect((await send('get', '/v1/reviews/{id}/diff', `${reviewAt}/diff`)).body).toMatchObject({ from: 1, to: 2 });
      expect((await send('get', '/v1/reviews/{id}/history', `${reviewAt}/history`)).body.entries.length).toBeGreaterThanOrEqual(3);
      expect((await send('post', '/v1/reviews/{id}/approve', `${reviewAt}/approve`, { revision: 2 })).body.status).toBe('approved');
      expect((await send('post', '/v1/reviews/{id}/reject', `${reviewAt}/reject`, { revision: 2, reason: 'Trop tard' })).status).toBe(409);
      await closeProducer();
    });
  }

  if (service === 'publication') {
    it('answers an article’s life on the editors’ desk and the webhooks’ routes, each with a body of its documented shape', async () => {
      const storyId = randomUUID();
      await produce(Topics.reviews, approvalEvent(storyId, { publishAt: new Date(Date.now() + 3_600_000).toISOString() }));
      const token = await signToken({ sub: `editor-${storyId}`, name: 'Marc Durand', roles: ['editor'] }, config.NEWSROOM_JWT_SECRET);
      const send = sender(token);
      const at = `/v1/articles/${storyId}`;
      const later = new Date(Date.now() + 7_200_000).toISOString();
      const moved = await eventually(async () => {
        const reply = await call('PUT', `${base}${at}/schedule`, { token, body: { publishAt: later } });
        return reply.status === 404 ? undefined : reply;
      }, 30_000);
      expect(moved?.status).toBe(200);
      expect((await send('put', '/v1/articles/{id}/schedule', `${at}/schedule`, { publishAt: later })).body.status).toBe('scheduled');
      expect((await send('delete', '/v1/articles/{id}/schedule', `${at}/schedule`)).body.status).toBe('unpublished');
      expect((await send('post', '/v1/articles/{id}/republish', `${at}/republish`)).body.status).toBe('published');
      const corrected = await send('post', '/v1/articles/{id}/corrections', `${at}/corrections`, {
        headline: 'Un titre corrigé',
        note: 'Titre corrigé.',
      });
      expect(corrected.body.corrections).toEqual(['Titre corrigé.']);
      expect((await send('post', '/v1/articles/{id}/unpublish', `${at}/unpublish`, { reason: 'À revoir' })).body.status).toBe(
        'unpublished',
      );
      expect((await send('post', '/v1/articles/{id}/kill', `${at}/kill`, { reason: 'Décision de justice' })).body.status).toBe('killed');
      expect((await send('post', '/v1/articles/{id}/republish', `${at}/republish`)).status).toBe(409);

      const adminToken = await signToken({ sub: `admin-${storyId}`, name: 'Ada Admin', roles: ['admin'] }, config.NEWSROOM_JWT_SECRET);
      const admin = sender(adminToken);
      const hook = await admin('post', '/v1/webhooks', '/v1/webhooks', { url: 'http://127.0.0.1:9/in', events: ['newsroom.article.*'] });
      expect(hook.status).toBe(201);
      expect((await admin('get', '/v1/webhooks', '/v1/webhooks')).status).toBe(200);
      expect((await admin('get', '/v1/webhooks/{id}', `/v1/webhooks/${hook.body.id}`)).body.enabled).toBe(true);
      expect((await admin('post', '/v1/webhooks/{id}/enable', `/v1/webhooks/${hook.body.id}/enable`)).status).toBe(200);
      // Made after this story's last event, the subscription owes it nothing; other suites' articles (same database)
      // may already have queued deliveries for it.
      const deliveries = (await admin('get', '/v1/webhooks/{id}/deliveries', `/v1/webhooks/${hook.body.id}/deliveries`)).body.items;
      expect(deliveries.filter((delivery: { storyId: string }) => delivery.storyId === storyId)).toEqual([]);
      expect((await admin('delete', '/v1/webhooks/{id}', `/v1/webhooks/${hook.body.id}`)).status).toBe(204);
      await closeProducer();
    });
  }

  if (service === 'ingestion') {
    it('answers a draft’s life, each step with a body of its documented shape, French text byte for byte', async () => {
      const token = await signToken({ sub: 'elodie', name: 'Élodie Lefèvre', roles: ['journalist'] }, config.NEWSROOM_JWT_SECRET);
      const op = (method: string, path: string) => (document.paths[path] as Record<string, Operation>)[method];
      const send = async (method: string, path: string, url: string, init: RequestInit = {}) => {
        const response = await fetch(`${base}${url}`, {
          ...init,
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${token}`, ...init.headers },
        });
        const body = (await response.json()) as Record<string, unknown>;
        const errors = check(op(method, path), response.status, response.headers.get('content-type') ?? '', body);
        expect([method, path, errors]).toEqual([method, path, []]);
        return { response, body };
      };
      const headline = `Retraites${NBSP}: «${NBSP}un texte d’équilibre${NBSP}»`;
      const json = { 'content-type': 'application/json', 'idempotency-key': `openapi-${Date.now()}` };
      const created = await send('post', '/v1/drafts', '/v1/drafts', {
        headers: json,
        body: JSON.stringify({ headline, body: '<p>Le débat s’ouvre.</p>', language: 'fr', submit: false }),
      });
      expect(created.response.status).toBe(201);
      expect(created.body.headline).toBe(headline);
      expect(created.response.headers.get('etag')).toBe('"1"');
      const id = created.body.id as string;
      expect((await send('get', '/v1/drafts', '/v1/drafts')).response.status).toBe(200);
      expect((await send('get', '/v1/drafts/{id}', `/v1/drafts/${id}`)).response.status).toBe(200);
      const revised = await send('put', '/v1/drafts/{id}', `/v1/drafts/${id}`, {
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ headline, body: '<p>Le débat s’ouvre enfin.</p>', language: 'fr' }),
      });
      expect(revised.response.status).toBe(200);
      const stale = await send('put', '/v1/drafts/{id}', `/v1/drafts/${id}`, {
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ headline, body: '<p>Trop tard.</p>', language: 'fr' }),
      });
      expect(stale.response.status).toBe(409);
      const invalid = await send('post', '/v1/drafts', '/v1/drafts', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({}),
      });
      expect(invalid.response.status).toBe(400);
      expect((await send('post', '/v1/drafts/{id}/submit', `/v1/drafts/${id}/submit`)).body.status).toBe('submitted');
      expect((await send('post', '/v1/drafts/{id}/withdraw', `/v1/drafts/${id}/withdraw`)).body.status).toBe('withdrawn');
      const page = await send('post', '/v1/drafts/import', '/v1/drafts/import?language=fr', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<html><head><title>${headline}</title></head><body><article><h1>${headline}</h1><p>${'Le débat s’ouvre à l’Assemblée. '.repeat(20)}</p></article></body></html>`,
      });
      expect(page.response.status).toBe(201);
    });
  }
});
