import { z } from 'zod';
import type { SanitizedBody } from './sanitize-body';
import { storyTextPool } from './story-text-pool';

type BodyShape = { body: z.ZodType<string | undefined> };

/** The object's output with its body cleaned: still optional where the field is. */
export type WithCleanBody<S extends z.ZodObject<BodyShape>> = Omit<z.output<S>, 'body'> &
  (undefined extends z.output<S>['body'] ? { body?: SanitizedBody } : { body: SanitizedBody });

/** What `@Body({ schema })` and a caller's `safeParse` take: a Standard Schema whose check is asynchronous. */
export interface CleanedBodySchema<T> {
  '~standard': {
    version: 1;
    vendor: 'newsroom';
    validate: (value: unknown) => Promise<{ value: T } | { issues: readonly z.core.$ZodIssue[] }>;
    /** Standard JSON Schema: what the check takes, for the OpenAPI document (the zod schema it runs first). */
    jsonSchema?: {
      input: (options: { target: string }) => Record<string, unknown>;
      output: (options: { target: string }) => Record<string, unknown>;
    };
  };
  safeParse: (value: unknown) => Promise<z.ZodSafeParseResult<T>>;
  parse: (value: unknown) => Promise<T>;
}

/** A check as a Standard Schema for `@Body({ schema })`, with zod's `safeParse` and `parse` beside it. */
export function asyncSchema<T>(check: (value: unknown) => Promise<z.ZodSafeParseResult<T>>, shape?: z.ZodType): CleanedBodySchema<T> {
  const described = (io: 'input' | 'output') => () =>
    z.toJSONSchema(shape!, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    '~standard': {
      version: 1,
      vendor: 'newsroom',
      ...(shape && { jsonSchema: { input: described('input'), output: described('output') } }),
      validate: async (value) => {
        const result = await check(value);
        return result.success ? { value: result.data } : { issues: result.error.issues };
      },
    },
    safeParse: check,
    async parse(value) {
      const result = await check(value);
      if (!result.success) throw result.error;
      return result.data;
    },
  };
}

/**
 * An object schema whose `body` (bounded by the schema, on the event loop) is then cleaned on a text
 * thread, off the event loop; the body's problems are told with the other fields', in field order.
 * A full queue of text work rejects with StoryTextBusy (429), before anything is stored.
 */
export function withCleanBody<S extends z.ZodObject<BodyShape>>(fields: S): CleanedBodySchema<WithCleanBody<S>> {
  type Out = WithCleanBody<S>;
  const names = Object.keys(fields.shape);
  const comesAfterBody = (issue: z.core.$ZodIssue) =>
    issue.path.length === 0 || names.indexOf(String(issue.path[0])) > names.indexOf('body');
  const refused = (issues: z.core.$ZodIssue[]): z.ZodSafeParseError<Out> => ({
    success: false,
    error: new z.ZodError(issues) as z.ZodError<Out>,
  });

  async function check(value: unknown): Promise<z.ZodSafeParseResult<Out>> {
    const parsed = fields.safeParse(value);
    const issues = parsed.success ? [] : [...parsed.error.issues];
    const html = parsed.success ? parsed.data.body : (value as { body?: unknown } | null)?.body;
    if (typeof html !== 'string' || issues.some((issue) => issue.path[0] === 'body')) {
      return parsed.success ? { success: true, data: parsed.data as Out } : refused(issues);
    }
    const cleaned = await storyTextPool().cleanBody(html);
    if ('refused' in cleaned) {
      const at = issues.findIndex(comesAfterBody);
      issues.splice(at === -1 ? issues.length : at, 0, { code: 'custom', path: ['body'], message: cleaned.refused });
    }
    if (!parsed.success || 'refused' in cleaned) return refused(issues);
    return { success: true, data: { ...parsed.data, body: cleaned.body } };
  }

  return asyncSchema(check, fields);
}
