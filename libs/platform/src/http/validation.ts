import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ZodError, ZodIssue, ZodTypeAny, z } from 'zod';
import { FieldError } from './problem';
import { ProblemException } from './problem.exception';

/** A JSON path as people write it: `byline.name`, `keywords[2]`; the whole input is `where`. */
function fieldPath(path: (string | number)[], where: string): string {
  if (path.length === 0) return where;
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function fieldErrors(issue: ZodIssue, where: string, prefix: string[]): FieldError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: fieldPath([...path, key], where), message: 'is not a known field' }));
  }
  return [{ field: fieldPath(path, where), message: issue.message === 'Required' ? 'is required' : issue.message }];
}

/** `prefix` is where the parsed value sits in the request, e.g. ['byline'] for `@Body('byline')`. */
export function fieldErrorsFrom(error: ZodError, where = 'body', prefix: string[] = []): FieldError[] {
  return error.issues.flatMap((issue) => fieldErrors(issue, where, prefix));
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

/** Parses input with a zod schema, or throws a ValidationProblem naming each bad field. */
export function parseInput<S extends ZodTypeAny>(schema: S, value: unknown, where = 'body', prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationProblem(fieldErrorsFrom(result.error, where, prefix));
  return result.data;
}

/** `@Body(new ZodValidationPipe(schema))` or `@Query(new ZodValidationPipe(schema))`. */
@Injectable()
export class ZodValidationPipe<S extends ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const { data: name, type } = metadata;
    return name ? parseInput(this.schema, value, name, [name]) : parseInput(this.schema, value, type);
  }
}
