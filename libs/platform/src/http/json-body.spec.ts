import { boundedJsonParser, costlyJson, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './json-body';
import { ValidationProblem } from './validation';

const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe(costlyJson.name, () => {
  const sut = costlyJson;

  it('lets any draft or decision through, whatever its strings hold', () => {
    const draft = {
      headline: 'L’été « indien » [sic] {vraiment} ?',
      body: `<p class="x">${'a, b, [c] {d} \\"e\\" '.repeat(20_000)}</p>`,
      language: 'fr',
      tags: Array.from({ length: 30 }, (_, n) => `tag ${n}`),
      byline: { name: 'Alice « A » Martin', bio: '[{"not":"json"}]' },
    };
    expect(sut(JSON.stringify(draft))).toBeUndefined();
    expect(sut(JSON.stringify({ revision: 3, note: '"\\' }))).toBeUndefined();
    expect(sut(nested(MAX_JSON_DEPTH, '[', ']'))).toBeUndefined();
  });

  it('refuses nesting past the limit, and more values than any request holds', () => {
    expect(sut(nested(MAX_JSON_DEPTH + 1, '[', ']'))).toBe(`must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep`);
    expect(sut(nested(500_000, '{"a":', '}'))).toBe(`must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep`);
    expect(
      sut(
        `[${Array(MAX_JSON_VALUES + 1)
          .fill('{}')
          .join(',')}]`,
      ),
    ).toBe(`must not hold more than ${MAX_JSON_VALUES} values`);
    expect(
      sut(
        `[${Array(MAX_JSON_VALUES + 1)
          .fill('1')
          .join(',')}]`,
      ),
    ).toBe(`must not hold more than ${MAX_JSON_VALUES} values`);
  });

  it('leaves broken JSON to the parser, which says what is wrong', () => {
    for (const broken of ['{"headline": "a', '{"a":"\\', ']]]]', '"', '']) expect(sut(broken)).toBeUndefined();
  });
});

describe(boundedJsonParser.name, () => {
  const parsed: string[] = [];
  const fastify = {
    getDefaultJsonParser: () => (_request: unknown, body: string, done: (err: Error | null, body?: unknown) => void) => {
      parsed.push(body);
      done(null, JSON.parse(body));
    },
  };
  const sut = boundedJsonParser(fastify);
  const request = {} as Parameters<typeof sut>[0];

  it('hands a JSON body to the parser as UTF-8 text', () => {
    let result: unknown;
    sut(request, Buffer.from('{"headline":"Été"}'), (_err, body) => (result = body));
    expect(result).toEqual({ headline: 'Été' });
  });

  it('answers a costly body 400 naming the body, without parsing it', () => {
    parsed.length = 0;
    let error: unknown;
    sut(request, Buffer.from(nested(100_000, '[', ']')), (err) => (error = err));
    expect(parsed).toEqual([]);
    expect(error).toBeInstanceOf(ValidationProblem);
    expect((error as ValidationProblem).errors).toEqual([
      { field: 'body', message: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep` },
    ]);
  });
});
