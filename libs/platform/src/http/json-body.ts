import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationProblem } from './validation';

/** Deeper than any body of this API nests (a draft's byline is two levels down), far short of what costs. */
export const MAX_JSON_DEPTH = 32;
/** Objects, arrays and their items in one body: a draft holds a few dozen, a tag list at most thirty. */
export const MAX_JSON_VALUES = 10_000;

/**
 * What makes this JSON text too costly to parse, or undefined. Its size is bounded by the body limit,
 * but not what it makes: a 1 MB body of 500,000 nested arrays blocked JSON.parse for 150 ms, most of
 * it collecting the garbage, and 200,000 empty objects for 60 ms. One pass: a few milliseconds a megabyte.
 */
export function costlyJson(text: string): string | undefined {
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: only its closing quote matters, and a backslash escapes the character after it.
      for (i++; i < text.length; i++) {
        const inside = text.charCodeAt(i);
        if (inside === 0x5c) i++;
        else if (inside === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return `must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep`;
      if (++values > MAX_JSON_VALUES) return `must not hold more than ${MAX_JSON_VALUES} values`;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && ++values > MAX_JSON_VALUES) {
      return `must not hold more than ${MAX_JSON_VALUES} values`;
    }
  }
  return undefined;
}

type Done = (err: Error | null, body?: unknown) => void;

type BodyParser<Body> = (request: FastifyRequest, body: Body, done: Done) => void;

/** Fastify's own JSON parser (which refuses `__proto__` and `constructor.prototype`), behind a 400 for a body too costly to parse. */
export function boundedJsonParser(fastify: Pick<FastifyInstance, 'getDefaultJsonParser'>): BodyParser<Buffer> {
  // Fastify's default parser is the kind that answers through `done`.
  const parseJson = fastify.getDefaultJsonParser('error', 'error') as BodyParser<string>;
  return (request, body, done) => {
    const text = body.toString('utf8');
    const costly = costlyJson(text);
    if (costly) return done(new ValidationProblem([{ field: 'body', message: costly }]), undefined);
    parseJson(request, text, done);
  };
}
