import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PUBLIC_ROUTE, REQUIRED_ROLES, Role, ServiceDefinition, startServiceApp } from '@newsroom/platform';
import { ServiceName } from '@newsroom/platform/config/service-config';
import { draftRequest, sectionFrontPage } from '@newsroom/test-factories';
import { SignJWT } from 'jose';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { publicationService } from '../apps/publication/src/publication.service';
import { call, Reply, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

/** One HTTP route as the running app declares it, with who it says may call it. */
interface Route {
  service: ServiceName;
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** Every HTTP route of the app, read from Nest's controllers: a route added tomorrow is in this list without editing the test. */
function routesOf(service: ServiceName, app: NestFastifyApplication): Route[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  return app
    .get(DiscoveryService, { strict: false })
    .getControllers()
    .flatMap(({ metatype }) => {
      if (!metatype) return [];
      const prototype = metatype.prototype as Record<string, () => unknown>;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
      return scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name];
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (own === undefined) return []; // a Kafka handler
        const targets = [handler, metatype];
        return [own].flat().map((path) => ({
          service,
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
          path: `/${[base, path]
            .flatMap((part) => (part ?? '').split('/'))
            .filter(Boolean)
            .join('/')}`,
          isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
          roles: reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
        }));
      });
    });
}

type Caller =
  | 'no token'
  | 'expired'
  | 'bad signature'
  | 'alg none'
  | 'journalist, the author'
  | 'journalist, not the author'
  | 'editor'
  | 'wire'
  | 'admin'
  | 'journalist+editor, the author';

const UNAUTHENTICATED: Caller[] = ['no token', 'expired', 'bad signature', 'alg none'];
const CALLER_ROLES: Partial<Record<Caller, Role[]>> = {
  'journalist, the author': ['journalist'],
  'journalist, not the author': ['journalist'],
  editor: ['editor'],
  wire: ['wire'],
  admin: ['admin'],
  'journalist+editor, the author': ['journalist', 'editor'],
};

/**
 * What a caller must get: a status; `through` (past every access rule: the route's own answer, never 401, 403, 404 or 5xx);
 * or `public` (a route for anyone, whatever token comes: never 401, 403 or 5xx).
 */
type Outcome = number | 'through' | 'public';

interface KnownRoute {
  body?: unknown;
  /** A route that reads a web page, not JSON. */
  page?: string;
  headers?: Record<string, string>;
  expect: Partial<Record<Caller, Outcome>>;
}

// Requests built so that a caller who gets through changes nothing: an empty draft (400), a stale revision (409).
const decision = (body: object): KnownRoute => ({
  body: { revision: 999, ...body },
  expect: {
    'journalist, the author': 403,
    'journalist, not the author': 403,
    editor: 'through',
    wire: 403,
    admin: 403,
    'journalist+editor, the author': 403, // four eyes
  },
});

/**
 * Today's routes, with the object-level rules a role check cannot see: the author, another journalist
 * (404, as for a made-up id), four eyes. A route not listed here is still held to the baseline below.
 */
const KNOWN: Record<string, KnownRoute> = {
  'POST /v1/drafts': {
    body: {},
    expect: { 'journalist, the author': 'through', 'journalist, not the author': 'through', editor: 403, wire: 403, admin: 403 },
  },
  'GET /v1/drafts': {
    expect: { 'journalist, the author': 'through', 'journalist, not the author': 'through', editor: 'through', wire: 403, admin: 403 },
  },
  'GET /v1/drafts/:id': {
    expect: { 'journalist, the author': 'through', 'journalist, not the author': 404, editor: 'through', wire: 403, admin: 403 },
  },
  'PUT /v1/drafts/:id': {
    body: draftRequest(),
    headers: { 'if-match': '"999"' },
    expect: { 'journalist, the author': 409, 'journalist, not the author': 404, editor: 403, wire: 403, admin: 403 },
  },
  'POST /v1/drafts/:id/submit': {
    expect: { 'journalist, not the author': 404, editor: 403, wire: 403, admin: 403 },
  },
  'POST /v1/drafts/:id/withdraw': {
    expect: { 'journalist, not the author': 404, editor: 403, wire: 403, admin: 403 },
  },
  // A page with no article in it: past the role check, a journalist hears so (422) and nothing is stored.
  'POST /v1/drafts/import': {
    page: sectionFrontPage(),
    expect: { 'journalist, the author': 'through', 'journalist, not the author': 'through', editor: 403, wire: 403, admin: 403 },
  },
  'GET /v1/reviews': {
    expect: { 'journalist, the author': 403, 'journalist, not the author': 403, editor: 'through', wire: 403, admin: 403 },
  },
  'GET /v1/reviews/:id': {
    expect: { 'journalist, the author': 403, 'journalist, not the author': 403, editor: 'through', wire: 403, admin: 403 },
  },
  'POST /v1/reviews/:id/claim': decision({}),
  'POST /v1/reviews/:id/approve': decision({}),
  'POST /v1/reviews/:id/request-changes': decision({ comment: 'Sources, please.' }),
  'POST /v1/reviews/:id/reject': decision({ reason: 'Not for us.' }),
  // The stories here are not published: past the role check, an editor hears that there is no article (yet).
  'DELETE /v1/articles/:id/schedule': { expect: { editor: 404, 'journalist+editor, the author': 404 } },
  'POST /v1/articles/:id/republish': { expect: { editor: 404, 'journalist+editor, the author': 404 } },
  // No wire source is named after a story id: past the role check, an admin (or a wire pushing) hears there is no such source.
  'GET /v1/wires/:name': { expect: { admin: 404, editor: 404, 'journalist+editor, the author': 404 } },
  'GET /v1/wires/:name/items': { expect: { admin: 404, editor: 404, 'journalist+editor, the author': 404 } },
  'PATCH /v1/wires/:name': { expect: { admin: 404 } },
  'DELETE /v1/wires/:name': { expect: { admin: 404 } },
  'POST /v1/wires/:name/items': { expect: { wire: 404 } },
  // Nor is a webhook subscription: an admin hears there is no such webhook.
  'GET /v1/webhooks/:id': { expect: { admin: 404 } },
  'DELETE /v1/webhooks/:id': { expect: { admin: 404 } },
  'POST /v1/webhooks/:id/enable': { expect: { admin: 404 } },
  'GET /v1/webhooks/:id/deliveries': { expect: { admin: 404 } },
};

const SERVICES: ServiceDefinition[] = [ingestionService, editorialService, publicationService];

describe('access: every route × every caller', () => {
  const apps = new Map<ServiceName, NestFastifyApplication>();
  const urls = {} as Record<ServiceName, string>;
  let routes: Route[];
  const tokens = new Map<Caller, string | undefined>();
  const ids = { alice: `alice-${randomUUID()}`, chloe: `chloe-${randomUUID()}` };
  const stories = { alice: '', chloe: '' };

  beforeAll(async () => {
    for (const definition of SERVICES) {
      const app = await startServiceApp(definition, testConfig(definition, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET }));
      apps.set(definition.name, app);
      urls[definition.name] = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    }
    routes = SERVICES.flatMap((definition) => routesOf(definition.name, apps.get(definition.name)!));

    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const editorClaims = { sub: `edith-${randomUUID()}`, name: 'Édith Roux', roles: ['editor'] };
    tokens.set('no token', undefined);
    tokens.set(
      'expired',
      await new SignJWT(editorClaims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
        .sign(secret),
    );
    tokens.set(
      'bad signature',
      await new SignJWT(editorClaims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('x'.repeat(40))),
    );
    tokens.set('alg none', `${b64({ alg: 'none' })}.${b64({ ...editorClaims, exp: Math.floor(Date.now() / 1000) + 300 })}.`);
    tokens.set('journalist, the author', await tokenFor(ids.alice, 'Alice Martin', ['journalist']));
    tokens.set('journalist, not the author', await tokenFor(`bob-${randomUUID()}`, 'Bob Durand', ['journalist']));
    tokens.set('editor', await tokenFor(editorClaims.sub, editorClaims.name, ['editor']));
    tokens.set('wire', await tokenFor(`afp-${randomUUID()}`, 'AFP wire', ['wire']));
    tokens.set('admin', await tokenFor(`ada-${randomUUID()}`, 'Ada Admin', ['admin']));
    tokens.set('journalist+editor, the author', await tokenFor(ids.chloe, 'Chloé Lefèvre', ['journalist', 'editor']));

    // Alice's story is the one every caller but Chloé tries; Chloé, a journalist who edits too, tries her own.
    for (const [who, caller] of [
      ['alice', 'journalist, the author'],
      ['chloe', 'journalist+editor, the author'],
    ] as const) {
      const submitted = await call('POST', `${urls.ingestion}/v1/drafts`, { token: tokens.get(caller), body: draftRequest() });
      expect(submitted.status).toBe(201);
      stories[who] = submitted.body.id as string;
    }
    for (const id of Object.values(stories)) {
      const inQueue = await eventually(async () => {
        const review = await call('GET', `${urls.editorial}/v1/reviews/${id}`, { token: tokens.get('editor') });
        return review.status === 200 ? review : undefined;
      });
      expect(inQueue?.status).toBe(200);
    }
    for (const url of Object.values(urls)) {
      expect(await eventually(async () => ((await call('GET', `${url}/health/ready`)).status === 200 ? true : undefined))).toBe(true);
    }
  });

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
  });

  const storyFor = (caller: Caller) => (caller === 'journalist+editor, the author' ? stories.chloe : stories.alice);
  const send = (route: Route, caller: Caller, storyId: string): Promise<Reply> => {
    const known = KNOWN[`${route.method} ${route.path}`];
    if (known?.page !== undefined) return sendPage(`${urls[route.service]}${route.path}`, tokens.get(caller), known.page);
    return call(route.method, `${urls[route.service]}${route.path.replace(/:[A-Za-z]+/g, storyId)}`, {
      token: tokens.get(caller),
      body: known?.body ?? (['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined),
      headers: known?.headers,
    });
  };

  const sendPage = async (url: string, token: string | undefined, page: string): Promise<Reply> => {
    const headers: Record<string, string> = {
      'content-type': 'text/html; charset=utf-8',
      ...(token && { authorization: `Bearer ${token}` }),
    };
    const response = await fetch(url, { method: 'POST', headers, body: page });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
    };
  };

  /** What the caller must get on the route: the table where it speaks, else what the route's own declaration demands. */
  function expected(route: Route, caller: Caller): Outcome {
    if (route.isPublic) return 'public';
    if (UNAUTHENTICATED.includes(caller)) return 401;
    const listed = KNOWN[`${route.method} ${route.path}`]?.expect[caller];
    if (listed !== undefined) return listed;
    const roles = CALLER_ROLES[caller] ?? [];
    return route.roles && !route.roles.some((role) => roles.includes(role)) ? 403 : 'through';
  }

  it('finds the routes in the apps themselves, and knows no route the apps no longer have', () => {
    const found = routes.map((route) => `${route.method} ${route.path}`);
    expect(found).toEqual(
      expect.arrayContaining(['GET /health/live', 'POST /v1/drafts', 'POST /v1/reviews/:id/approve', 'GET /v1/articles']),
    );
    expect(Object.keys(KNOWN).filter((key) => !found.includes(key))).toEqual([]);
  });

  it('leaves no route open to any signed-in caller: each is @Public() or names its roles', () => {
    expect(routes.filter((route) => !route.isPublic && route.roles === undefined).map((route) => `${route.method} ${route.path}`)).toEqual(
      [],
    );
  });

  it('answers every route × caller as the table says, never with a 5xx', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const caller of tokens.keys()) {
        const want = expected(route, caller);
        const answer = await send(route, caller, storyFor(caller));
        const got = answer.status;
        const refused = want === 'public' ? [401, 403] : [401, 403, 404];
        const ok = typeof want === 'number' ? got === want : !refused.includes(got) && got < 500;
        if (!ok || got >= 500) mismatches.push(`${route.method} ${route.path} as ${caller}: ${got}, expected ${want}`);
        if (typeof want === 'number' && got === want && !/^application\/problem\+json/.test(answer.headers.get('content-type') ?? '')) {
          mismatches.push(`${route.method} ${route.path} as ${caller}: ${got} is not problem+json`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('tells another journalist exactly what a made-up id would, so that no draft’s existence leaks', async () => {
    const hidden = routes.filter((route) => !route.isPublic && expected(route, 'journalist, not the author') === 404);
    expect(hidden.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['GET /v1/drafts/:id', 'PUT /v1/drafts/:id', 'POST /v1/drafts/:id/withdraw']),
    );
    for (const route of hidden) {
      const madeUp = randomUUID();
      const [real, none] = await Promise.all([
        send(route, 'journalist, not the author', stories.alice),
        send(route, 'journalist, not the author', madeUp),
      ]);
      expect({ status: real.status, body: JSON.stringify(real.body).replaceAll(stories.alice, '<id>') }).toEqual({
        status: none.status,
        body: JSON.stringify(none.body).replaceAll(madeUp, '<id>'),
      });
    }
  });

  it('lets another editor claim a story whose author, an editor too, was refused', async () => {
    const submitted = await call('POST', `${urls.ingestion}/v1/drafts`, {
      token: tokens.get('journalist+editor, the author'),
      body: draftRequest(),
    });
    const claim = (caller: Caller) =>
      call('POST', `${urls.editorial}/v1/reviews/${submitted.body.id}/claim`, { token: tokens.get(caller) });
    const own = await eventually(async () => {
      const answer = await claim('journalist+editor, the author');
      return answer.status === 404 ? undefined : answer;
    });
    expect(own?.body).toMatchObject({ type: expect.stringMatching(/four-eyes$/), status: 403 });
    expect((await claim('editor')).status).toBe(200);
  });
});
