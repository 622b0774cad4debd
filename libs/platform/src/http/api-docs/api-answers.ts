import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../problem';

/** The RFC 9457 document every refusal of this API is: `errors` lists each bad field of a 400. */
export const ProblemDocument = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ description: 'RFC 9457 problem details; extension members (the facts a client needs) sit beside these.' });

export const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** Where the route's success answers are declared: the document refuses a route without one (see `undocumentedRoutes`). */
export const ANSWERS_DECLARED = 'newsroom:answers';

interface AnswerOptions {
  description?: string;
  /** The body's media types, `application/json` when none; a schema applies to JSON only. */
  media?: readonly string[];
  /** Response headers by name, e.g. `{ ETag: 'the draft\'s revision' }`. */
  headers?: Record<string, string>;
}

/**
 * The route's success answer: its status and the zod schema of its body (the one the response test
 * checks real answers against), or `null` for a body that is not JSON (a feed, the metrics).
 */
export function Answers(status: number, schema: z.ZodType | null, options: AnswerOptions = {}): MethodDecorator {
  const headers = options.headers
    ? Object.fromEntries(Object.entries(options.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]))
    : undefined;
  const description = options.description ?? 'Success';
  const media = options.media ?? ['application/json'];
  const response =
    schema && media.length === 1 && media[0] === 'application/json'
      ? ApiResponse({ status, description, standardSchema: schema, headers })
      : ApiResponse({
          status,
          description,
          headers,
          content: Object.fromEntries(
            media.map((type) => [type, { schema: { type: /json$/.test(type.split(';')[0]) ? 'object' : 'string' } }]),
          ),
        });
  return applyDecorators((target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    Reflect.defineMetadata(ANSWERS_DECLARED, true, descriptor.value as object);
  }, response);
}

const PROBLEM_WORDS: Record<number, string> = {
  304: 'Not modified: the representation named in If-None-Match is current',
  400: 'A field of the request is not valid (each named in `errors`)',
  401: 'No valid bearer token',
  403: 'The token lacks the role the route needs, or the story is not the caller’s',
  404: 'No such story (or resource)',
  409: 'Not possible in the story’s current state, or a stale revision',
  410: 'Gone: the story was killed or withdrawn',
  412: 'If-Match names a revision that is not the current one',
  413: 'The body is larger than the route reads',
  415: 'The body is in a media type the route does not read',
  422: 'The request is well-formed but says nothing to do',
  428: 'The route needs If-Match',
  429: 'Too many requests, or the text threads are busy: try again after Retry-After',
  503: 'A dependency does not answer',
};

/** A problem status the route may answer with, in application/problem+json. */
export function problemResponse(status: number): { description: string; content: Record<string, { schema: object }> } {
  return { description: PROBLEM_WORDS[status] ?? 'Refused', content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } } };
}

/** The refusals the route's own rules give, beyond those every route shares (400, 401, 403, 404, 413, 415, 429 are added from its metadata). */
export const Refuses = (...statuses: number[]): MethodDecorator =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));

/** `Idempotency-Key`: a retry with the same key and body answers as the first did. */
export const TakesIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Printable ASCII, 1–200 characters: a retry with the same key answers as the first (with `Idempotent-Replayed: true`).',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
  });

/** `If-Match`: the revision the caller edited, as the ETag gave it (`"3"`). */
export const TakesIfMatch = (required: boolean) =>
  ApiHeader({
    name: 'If-Match',
    required,
    description: 'The revision the caller last read, as its ETag gave it: `"3"`.',
    schema: { type: 'string', examples: ['"3"'] },
  });
