import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A strong entity tag for a value that names the representation by itself, such as a version number. */
export function entityTag(value: string | number): string {
  return `"${value}"`;
}

/** A strong entity tag for a representation built from many parts (a page of articles, a feed): a digest of what decides its bytes. */
export function digestTag(parts: readonly (string | number)[]): string {
  return entityTag(createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 27));
}

// An entity-tag as RFC 9110 §8.8.3 writes it; anything else in the header is skipped, never an error.
const ENTITY_TAG = /(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g;
/** Longer than any list a client sends, short enough that a hostile header costs nothing. */
const MAX_IF_NONE_MATCH_LENGTH = 8192;

/**
 * Whether `If-None-Match` names the representation whose tag is `etag`: weak comparison, as
 * RFC 9110 §13.1.2 asks for GET, and `*` for any representation.
 */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value || value.length > MAX_IF_NONE_MATCH_LENGTH) return false;
  if (value.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  for (const [tag] of value.matchAll(ENTITY_TAG)) if (tag.replace(/^W\//, '') === opaque) return true;
  return false;
}

/** How a cacheable answer is sent: its validator, its caching rule, and its body when the client has not got it yet. */
export interface CacheableAnswer {
  etag: string;
  cacheControl: string;
  contentType?: string;
  body: () => unknown;
}

/**
 * A GET's answer for caches: 304 with the validators and no body when the client holds this
 * representation already (RFC 9110 §15.4.5), else 200 with the body. The route takes `@Res()`.
 */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, answer: CacheableAnswer): FastifyReply {
  reply.header('etag', answer.etag).header('cache-control', answer.cacheControl);
  if (matchesIfNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.status(304).send();
  if (answer.contentType) reply.header('content-type', answer.contentType);
  return reply.status(200).send(answer.body());
}
