import '@newsroom/contracts/zod-messages';
import { ArgumentMetadata, Injectable, StandardSchemaValidationPipe } from '@nestjs/common';
import { z } from 'zod';
import { FieldError } from './problem';
import { ProblemException } from './problem.exception';

/** A Standard Schema issue as zod reports it (`keys` names the unknown fields of `unrecognized_keys`). */
interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[];
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** A JSON path as people write it: `byline.name`, `keywords[2]`; the whole input is `where`. */
function fieldPath(path: readonly (PropertyKey | { readonly key: PropertyKey })[], where: string): string {
  if (path.length === 0) return where;
  return path
    .map((segment) => (typeof segment === 'object' ? segment.key : segment))
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

function fieldErrors(issue: SchemaIssue, where: string, prefix: string[]): FieldError[] {
  const path = [...prefix, ...(issue.path ?? [])];
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.map((key) => ({ field: fieldPath([...path, key], where), message: 'is not a known field' }));
  }
  return [{ field: fieldPath(path, where), message: issue.message }];
}

/** `prefix` is where the checked value sits in the request, e.g. ['byline'] for `@Body('byline')`. */
export function fieldErrorsFrom(issues: readonly SchemaIssue[], where = 'body', prefix: string[] = []): FieldError[] {
  return issues.flatMap((issue) => fieldErrors(issue, where, prefix));
}

/** The 400 every rejected body or query becomes, listing each bad field. */
export class ValidationProblem extends ProblemException {
  constructor(readonly errors: FieldError[]) {
    const fields = [...new Set(errors.map((error) => error.field))];
    super({
      status: 400,
      type: 'validation',
      title: 'The request is not valid',
      detail: `${fields.length === 1 ? 'One field is' : `${fields.length} fields are`} not valid: ${fields.join(', ')}`,
      extensions: { errors },
    });
  }
}

/** Parses input with a zod schema, or throws a ValidationProblem naming each bad field (for headers, which take no schema option). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body', prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationProblem(fieldErrorsFrom(result.error.issues, where, prefix));
  return result.data;
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Removes `__proto__`, `constructor` and `prototype` keys throughout a parsed request, as Nest's pipe does,
 * in a fraction of its time: Nest's walk tests seven built-in types and a WeakSet on every object, which
 * took 150 ms on a 600 kB body of nested objects. JSON and query strings parse to trees, never cycles.
 */
export function stripPrototypeKeys(value: unknown): void {
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
    if (Array.isArray(current)) {
      // Only the items that are there: a sparse array's length says nothing of them.
      for (const item of Object.values(current as unknown[])) stack.push(item);
      continue;
    }
    const record = current as Record<string, unknown>;
    for (const key of PROTOTYPE_KEYS) if (Object.hasOwn(record, key)) delete record[key];
    for (const key in record) stack.push(record[key]);
  }
}

class SchemaIssues {
  constructor(readonly issues: readonly SchemaIssue[]) {}
}

/**
 * Nest's Standard Schema pipe, applied to every `@Body({ schema })`, `@Query({ schema })` and
 * `@Param(name, { schema })`, with its failures told as our problem: each bad field by its place in the request.
 */
@Injectable()
export class RequestValidationPipe extends StandardSchemaValidationPipe {
  constructor() {
    super({ exceptionFactory: (issues) => new SchemaIssues(issues) });
  }

  protected override stripProtoKeys(value: unknown): void {
    stripPrototypeKeys(value);
  }

  override async transform<T>(value: T, metadata: ArgumentMetadata): Promise<T> {
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof SchemaIssues)) throw err;
      const { data: name, type } = metadata;
      throw new ValidationProblem(name ? fieldErrorsFrom(err.issues, name, [name]) : fieldErrorsFrom(err.issues, type));
    }
  }
}
