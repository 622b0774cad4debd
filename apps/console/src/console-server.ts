import { ServerResponse } from 'node:http';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NEWSROOM_ROLES } from '@newsroom/platform/auth/principal';
import { bearerTokenOf, signToken, SigningKeysUnavailable, TokenRejected, TokenVerifier } from '@newsroom/platform/auth/token';
import Fastify, { FastifyBaseLogger, FastifyInstance, FastifyReply, LogController } from 'fastify';
import { z } from 'zod';
import { ConsoleConfig } from './console-config';
import { LiveFeed } from './live-feed';

/** Where `npm run build` writes the web application. */
export const DEFAULT_WEB_DIR = join(__dirname, '..', '..', '..', 'console-web');

const DevSignIn = z
  .object({
    sub: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\w.@-]+$/, 'must be letters, digits, . _ @ or -'),
    name: z.string().trim().min(1).max(200),
    roles: z.array(z.enum(NEWSROOM_ROLES)).min(1).max(NEWSROOM_ROLES.length),
  })
  .strict();

function problem(reply: FastifyReply, status: number, title: string, detail: string, errors?: { field: string; message: string }[]) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, ...(errors && { errors }) });
}

const origin = (url: string) => new URL(url).origin;

/** The console's own server: the web application, its settings, development sign-in, and the live feed of story changes. */
export async function buildConsoleServer(config: ConsoleConfig, feed: LiveFeed, log?: FastifyBaseLogger): Promise<FastifyInstance> {
  // Requests are not logged one by one (a page and its assets, the probes); failures are, with the path alone.
  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024,
    requestTimeout: 30_000,
  });
  const services = {
    ingestion: config.CONSOLE_INGESTION_URL,
    editorial: config.CONSOLE_EDITORIAL_URL,
    publication: config.CONSOLE_PUBLICATION_URL,
  };
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The pages call the three services and, to sign in, the identity provider (discovery and token endpoint).
        connectSrc: ["'self'", ...Object.values(services).map(origin), ...(config.oidc ? [origin(config.oidc.issuer)] : [])],
        // Stories' HTML may show pictures from anywhere.
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });

  app.setErrorHandler((err: { statusCode?: number; message: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ path: request.url.split('?')[0], err }, 'request failed');
    return problem(reply, status, status === 500 ? 'Internal error' : 'Bad request', status === 500 ? 'the console failed' : err.message);
  });
  app.setNotFoundHandler((request, reply) =>
    request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.includes('.')
      ? reply.sendFile('index.html') // the application's own routes live after the #
      : problem(reply, 404, 'Not found', `no ${request.method} ${request.url.split('?')[0].slice(0, 200)} here`),
  );

  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) =>
    feed.joined ? { status: 'ok' } : problem(reply, 503, 'Not ready', 'the live feed has not joined the broker yet'),
  );

  app.get('/api/config', async () => ({
    services,
    signIn: config.oidc ? { kind: 'oidc' as const, ...config.oidc } : { kind: 'development' as const },
  }));

  // A development token for the sign-in screen. Production has no such route: tokens come from the identity provider.
  if (config.devSecret) {
    const secret = config.devSecret;
    app.post('/api/dev-token', async (request, reply) => {
      const parsed = DevSignIn.safeParse(request.body);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
        return problem(reply, 400, 'The request is not valid', `not valid: ${errors.map((e) => e.field).join(', ')}`, errors);
      }
      return { token: await signToken(parsed.data, secret, '8h') };
    });
  }

  // Server-sent events: one `change` per story event, so that a queue or a list moves without reloading.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });
  // Open to a signed-in user only: the token the pages call the services with, checked as the services check it.
  const tokens = TokenVerifier.forConfig(config.identity);
  app.get('/api/live', async (request, reply) => {
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) {
      reply.header('www-authenticate', 'Bearer');
      return problem(reply, 401, 'Unauthorized', 'the live feed needs the bearer token of a signed-in user (Authorization: Bearer …)');
    }
    try {
      await tokens.verify(token);
    } catch (err) {
      if (err instanceof SigningKeysUnavailable)
        return problem(reply, 503, 'Service unavailable', 'the identity provider’s keys cannot be had');
      if (err instanceof TokenRejected) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return problem(reply, 401, 'Unauthorized', err.message);
      }
      throw err;
    }
    reply.hijack();
    const out = reply.raw;
    streams.add(out);
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    out.write('retry: 2000\n\n');
    const unsubscribe = feed.subscribe((change) => out.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`));
    const heartbeat = setInterval(() => out.write(': still here\n\n'), 15_000);
    request.raw.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(out);
    });
  });

  await app.register(fastifyStatic, { root: config.CONSOLE_WEB_DIR ?? DEFAULT_WEB_DIR, index: ['index.html'], maxAge: 0 });
  return app;
}
