import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyCorsOptions } from '@fastify/cors';
import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import { ServiceConfig } from '../config/service-config';
import { answerClientError, answerFrameworkError } from '../http/problem.framework';

/** A caller's x-request-id is kept only when short and plain, so that it is safe in logs and headers. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function requestIdOf(req: Pick<IncomingMessage, 'headers'>): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify's limits: how long a client may take, how much it may send, how long an idle socket stays open. */
export function httpServerOptions(config: ServiceConfig): FastifyHttpOptions<Server> {
  const headersTimeout = Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS);
  return {
    genReqId: requestIdOf,
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    // A slowly sent request, headers and body, is answered 408 and closed after this.
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    // A socket that sends nothing (before its first request or between requests) is closed after this.
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxRequestsPerSocket: config.HTTP_MAX_REQUESTS_PER_SOCKET,
    trustProxy: config.HTTP_TRUST_PROXY,
    http: {
      headersTimeout,
      // Node looks for timed-out requests only this often (30 s by default): a quarter of the shortest timeout keeps cut-offs prompt.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  };
}

/** Helmet's headers on every response; HSTS only in production, where the API is reached over HTTPS. */
export function securityHeaders(config: Pick<ServiceConfig, 'NODE_ENV'>): FastifyHelmetOptions {
  return {
    // The API answers JSON, never a page: nothing may load, frame or run from it.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: config.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  };
}

/** Browsers may call the API only from the origins in CORS_ORIGINS (the console, the sites); none by default. */
export function corsOptions(config: Pick<ServiceConfig, 'CORS_ORIGINS'>): FastifyCorsOptions {
  return {
    origin: config.CORS_ORIGINS,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['location', 'etag', 'retry-after', 'x-request-id'],
    credentials: false,
    maxAge: 600,
  };
}
