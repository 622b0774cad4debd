import { z } from 'zod';
import { parseInput, RequestValidationPipe, stripPrototypeKeys, ValidationProblem } from './validation';

const draftInput = z
  .object({
    headline: z.string().min(1, 'must not be empty'),
    byline: z.object({ name: z.string() }),
    keywords: z.array(z.string()).optional(),
  })
  .strict();

const problemOf = (work: () => unknown) => {
  try {
    work();
  } catch (err) {
    return err as ValidationProblem;
  }
  throw new Error('expected a ValidationProblem');
};

describe(parseInput.name, () => {
  it('returns the parsed value', () => {
    expect(parseInput(draftInput, { headline: 'Floods', byline: { name: 'Alice' } })).toEqual({
      headline: 'Floods',
      byline: { name: 'Alice' },
    });
  });

  it('names every bad field by its JSON path in one 400', () => {
    const problem = problemOf(() => parseInput(draftInput, { headline: '', byline: { name: 3 }, keywords: ['ok', 7], mood: 'grim' }));
    expect(problem.getStatus()).toBe(400);
    expect(problem.problem).toMatchObject({
      type: 'https://newsroom.example/problems/validation',
      title: 'The request is not valid',
      status: 400,
      detail: '4 fields are not valid: headline, byline.name, keywords[1], mood',
    });
    expect(problem.problem.errors).toEqual([
      { field: 'headline', message: 'must not be empty' },
      { field: 'byline.name', message: 'Invalid input: expected string, received number' },
      { field: 'keywords[1]', message: 'Invalid input: expected string, received number' },
      { field: 'mood', message: 'is not a known field' },
    ]);
  });

  it('says a missing field is required, and names the whole input when it is not an object', () => {
    expect(problemOf(() => parseInput(draftInput, { byline: { name: 'A' } })).errors).toEqual([
      { field: 'headline', message: 'is required' },
    ]);
    expect(problemOf(() => parseInput(draftInput, 'headline=x')).errors).toEqual([
      { field: 'body', message: 'Invalid input: expected object, received string' },
    ]);
  });
});

describe(RequestValidationPipe.name, () => {
  const sut = new RequestValidationPipe();
  const rejection = (work: Promise<unknown>) =>
    work.then(
      () => Promise.reject(new Error('expected a ValidationProblem')),
      (err: unknown) => err as ValidationProblem,
    );

  it('names query fields, and a named body part by its place in the body', async () => {
    const page = z.object({ limit: z.coerce.number().int().max(100) });
    await expect(sut.transform({ limit: '20' }, { type: 'query', schema: page })).resolves.toEqual({ limit: 20 });
    expect((await rejection(sut.transform({ limit: '500' }, { type: 'query', schema: page }))).errors[0].field).toBe('limit');

    const byline = z.object({ name: z.string() });
    expect((await rejection(sut.transform({}, { type: 'body', data: 'byline', schema: byline }))).errors).toEqual([
      { field: 'byline.name', message: 'is required' },
    ]);
  });

  it('lists unknown fields and drops __proto__ keys before checking', async () => {
    const problem = await rejection(
      sut.transform(JSON.parse('{"headline":"x","byline":{"name":"A"},"__proto__":{"x":1},"mood":1}'), {
        type: 'body',
        schema: draftInput,
      }),
    );
    expect(problem.errors).toEqual([{ field: 'mood', message: 'is not a known field' }]);
  });

  it('leaves parameters without a schema as they came', async () => {
    await expect(sut.transform('anything', { type: 'param', data: 'id' })).resolves.toBe('anything');
  });
});

describe(stripPrototypeKeys.name, () => {
  const sut = stripPrototypeKeys;

  it('removes __proto__, constructor and prototype at every depth, in objects and arrays, and nothing else', () => {
    const body = JSON.parse(
      '{"headline":"a","__proto__":{"polluted":1},"byline":{"constructor":{"prototype":{"x":1}},"name":"A"},"tags":[{"prototype":2,"t":"x"}]}',
    ) as Record<string, unknown>;
    sut(body);
    expect(JSON.stringify(body)).toBe('{"headline":"a","byline":{"name":"A"},"tags":[{"t":"x"}]}');
    expect(Object.getOwnPropertyNames(body)).toEqual(['headline', 'byline', 'tags']);
  });

  it('walks a body nested far deeper than the call stack', () => {
    const depth = 100_000;
    const body = JSON.parse(`${'{"a":'.repeat(depth)}{"constructor":1}${'}'.repeat(depth)}`) as Record<string, unknown>;
    sut(body);
    let innermost = body;
    for (let level = 0; level < depth; level++) innermost = innermost.a as Record<string, unknown>;
    expect(innermost).toEqual({});
  });
});
