import { RouteConfig } from '@nestjs/platform-fastify';
import { TextDecoder } from 'node:util';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from './problem.exception';

/**
 * The bodies the API reads, by media type, each with the most a request may send. A route takes JSON
 * unless it names others with `@TakesBody(...)`; anything else is answered 415 before it is read.
 */
export const BODY_MEDIA = {
  json: { pattern: /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i, name: 'application/json' },
  // A saved web page: text, decoded by its charset (UTF-8 when it names none).
  html: { pattern: /^text\/html\s*(?:;|$)/i, name: 'text/html', contentType: 'text/html', bodyLimit: 5 * 1024 * 1024 },
  // Wire feeds pushed: XML text, decoded by its charset (UTF-8 when it names none).
  rss: {
    pattern: /^application\/rss\+xml\s*(?:;|$)/i,
    name: 'application/rss+xml',
    contentType: 'application/rss+xml',
    bodyLimit: 5 * 1024 * 1024,
  },
  atom: {
    pattern: /^application\/atom\+xml\s*(?:;|$)/i,
    name: 'application/atom+xml',
    contentType: 'application/atom+xml',
    bodyLimit: 5 * 1024 * 1024,
  },
} as const;
export type BodyMedia = keyof typeof BODY_MEDIA;

/** The media types a route's body may be in; JSON when it names none. */
export const TakesBody = (...media: BodyMedia[]) => RouteConfig({ bodies: media });

export function bodiesOf(request: FastifyRequest): readonly BodyMedia[] {
  const config = request.routeOptions?.config as { bodies?: BodyMedia[] } | undefined;
  return config?.bodies ?? ['json'];
}

/** The parsers of the text bodies (JSON has its own, bounded one): each hands the route a string. */
export const TEXT_BODIES = Object.values(BODY_MEDIA).filter((media) => 'contentType' in media);

const CHARSET = /;\s*charset\s*=\s*"?([\w.:-]{1,40})"?/i;

/** The body as text, in the charset its Content-Type names; 415 for a charset no decoder knows. */
export function decodedText(request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void): void {
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    return done(new ProblemException({ status: 415, detail: `The body's charset ${JSON.stringify(charset)} is not one this API reads.` }));
  }
  done(null, decoder.decode(body));
}
