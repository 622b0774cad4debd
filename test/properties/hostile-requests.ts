import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { draftLike, decisionLike, hostileJsonValue, hostileText, Labelled, PROTOTYPE_WORDS, submittableDraft } from './hostile-values';
import { XSS_CORPUS } from './xss-corpus';

/** Where a fixture story stands when the campaign starts; each status has its own stories. */
export const FIXTURE_STATUSES = ['submitted', 'in_review', 'changes_requested', 'withdrawn', 'published'] as const;
export type FixtureStatus = (typeof FIXTURE_STATUSES)[number];

export const CALLERS = [
  'anonymous',
  'journalist',
  'editor',
  'wire',
  'admin',
  'journalist+editor',
  'owner',
  'owner+editor',
  'claimant',
  'expired',
  'bad-signature',
  'alg-none',
  'garbage',
  'hostile-claims',
] as const;
export type Caller = (typeof CALLERS)[number];

export type ParamChoice =
  | { kind: 'fixture'; status: FixtureStatus; index: number; as: 'id' | 'slug' }
  | { kind: 'random-uuid' }
  | { kind: 'crafted'; label: string; raw: string };

export type BodyChoice =
  | { kind: 'none' }
  | { kind: 'text'; contentType: string | undefined; text: string }
  | { kind: 'bytes'; contentType: string; bytes: readonly number[] };

/** One generated request, before it is given a concrete fixture, a token and a URL. */
export interface GeneratedRequest {
  /** Index into the route list; one past its end is a path no app routes. */
  route: number;
  params: ParamChoice[];
  query: Labelled<string>;
  caller: Caller;
  claims: Labelled<{ sub: string; name: string }>;
  headers: Labelled<Record<string, string>>;
  body: Labelled<BodyChoice>;
}

/** Percent-encodes the UTF-8 of any string, lone surrogates included (as U+FFFD, what a client sends). */
export const encodeBytes = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const uuidLike = fc.constantFrom(
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '{6f1c8a4e-3b7d-4e8a-9c1f-2d3e4f5a6b7c}',
  '6f1c8a4e3b7d4e8a9c1f2d3e4f5a6b7c',
  '6f1c8a4e-3b7d-4e8a-9c1f-2d3e4f5a6b7g',
  '6f1c8a4e-3b7d-4e8a-9c1f-2d3e4f5a6b7c%00',
  '6f1c8a4e-3b7d-4e8a-9c1f-2d3e4f5a6b7c%20',
  ' 6f1c8a4e-3b7d-4e8a-9c1f-2d3e4f5a6b7c',
);

const craftedParam: fc.Arbitrary<ParamChoice> = fc
  .oneof(
    { weight: 2, arbitrary: uuidLike.map((raw) => ({ label: 'uuid-variant', raw })) },
    { weight: 2, arbitrary: fc.constantFrom('%00', 'abc%00def', '%00%00%00').map((raw) => ({ label: 'nul', raw })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('%', '%ZZ', '%C0%80', '%ED%A0%80', '%FF%FE', '%E2%80%AE', '%F0%9F%9A%86', '%EF%BF%BF', '%25', '%2F', '%5C')
        .map((raw) => ({ label: 'percent-escape', raw })),
    },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '..%2F..%2Fhealth%2Flive').map((raw) => ({ label: 'dot-segment', raw })) },
    { weight: 1, arbitrary: fc.constantFrom(101, 1000, 20_000).map((n) => ({ label: 'long-param', raw: 'a'.repeat(n) })) },
    { weight: 1, arbitrary: fc.constantFrom(...XSS_CORPUS).map((text) => ({ label: 'xss-param', raw: encodeBytes(text) })) },
    { weight: 3, arbitrary: hostileText.map(({ label, value }) => ({ label: `param-${label}`, raw: encodeBytes(value.slice(0, 300)) })) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS).map((raw) => ({ label: 'prototype-word', raw })) },
  )
  .map(({ label, raw }) => ({ kind: 'crafted' as const, label, raw }));

const paramChoice: fc.Arbitrary<ParamChoice> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('fixture' as const),
      status: fc.constantFrom(...FIXTURE_STATUSES),
      index: fc.nat(63),
      as: fc.constantFrom('id' as const, 'id' as const, 'id' as const, 'slug' as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'random-uuid' as const }) },
  { weight: 5, arbitrary: craftedParam },
);

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
const ODD_DATES = [
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '2024-02-30T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:60Z',
  '2024-01-01T00:00:00+23:59',
  '2024-01-01T00:00:00-23:59',
  '9999-12-31T23:59:59.999999999Z',
  '1970-01-01T00:00:00.000000001Z',
  '2024-01-01T00:00:00.000+14:00',
  '1900-01-01T00:00:00Z',
];
const cursor: fc.Arbitrary<Labelled<string>> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ODD_DATES), fc.oneof(fc.uuid(), uuidLike))
    .map(([at, id]) => ({ label: 'cursor-odd-date', value: base64url([at, id]) })),
  fc.constantFrom<unknown>([], [1, 2], ['x'], { at: 1 }, null, 'x', [new Date().toISOString(), randomUUID(), 'extra']).map((value) => ({
    label: 'cursor-wrong-shape',
    value: base64url(value),
  })),
  fc.constantFrom('%00', '!!!!', '====', '+/+/', 'a'.repeat(10_000), encodeBytes('\ud800'), encodeBytes(XSS_CORPUS[0])).map((value) => ({
    label: 'cursor-garbage',
    value,
  })),
);
const LIMITS = [
  '1',
  '20',
  '100',
  '101',
  '0',
  '-1',
  '1e3',
  '1.5',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '',
  '%20%205',
  '0x10',
  '1e-400',
];
const STATUSES = [
  'submitted',
  'in_review,approved',
  'published',
  'rejected',
  ',',
  'x',
  'submitted'.repeat(2000),
  '__proto__',
  encodeBytes("' OR 1=1 --"),
];

const queryPart: fc.Arbitrary<Labelled<string>> = fc.oneof(
  fc.constantFrom(...LIMITS).map((value) => ({ label: 'limit', value: `limit=${value}` })),
  fc
    .tuple(fc.constantFrom(...LIMITS), fc.constantFrom(...LIMITS))
    .map(([a, b]) => ({ label: 'limit-repeated', value: `limit=${a}&limit=${b}` })),
  cursor.map(({ label, value }) => ({ label, value: `cursor=${value}` })),
  fc.constantFrom(...STATUSES).map((value) => ({ label: 'status', value: `status=${value}` })),
  fc
    .constantFrom('__proto__[polluted]=1', 'constructor[prototype][polluted]=1', '__proto__.polluted=1', 'a[b][c][d][e]=1')
    .map((value) => ({
      label: 'query-prototype',
      value,
    })),
  hostileText.map(({ label, value }) => ({
    label: `query-${label}`,
    value: `${encodeBytes(value.slice(0, 200))}=${encodeBytes(value.slice(0, 200))}`,
  })),
);
const query: fc.Arbitrary<Labelled<string>> = fc
  .array(queryPart, { maxLength: 3 })
  .map((parts) => ({ label: parts.map((part) => part.label).join(',') || 'no-query', value: parts.map((part) => part.value).join('&') }));

// Header values must be ByteStrings without CR, LF or NUL, or the client refuses to send them at all.
const headerValue = hostileText.map(({ label, value }) => ({
  label,
  value:
    value
      .slice(0, 3000)
      .replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?')
      .trim() || 'x',
}));
const headers: fc.Arbitrary<Labelled<Record<string, string>>> = fc
  .record(
    {
      'if-match': fc.oneof(
        fc
          .constantFrom('"1"', 'W/"1"', '1', '"2"', '"0"', '"-1"', '"99999999999999999999"', '"1e3"', '*', '', '"1", "2"')
          .map((value) => ({ label: 'if-match', value })),
        headerValue.map(({ label, value }) => ({ label: `if-match-${label}`, value })),
      ),
      'idempotency-key': fc.oneof(
        fc.uuid().map((value) => ({ label: 'idempotency-key', value })),
        fc.constantFrom('a'.repeat(201), 'clé é', ' ', '"\'; DROP TABLE x;--').map((value) => ({ label: 'idempotency-key-odd', value })),
      ),
      'x-request-id': fc.oneof(
        headerValue.map(({ label, value }) => ({ label: `request-id-${label}`, value })),
        fc.constantFrom(200, 200, 5000, 5000, 17_000).map((n) => ({ label: 'request-id-long', value: 'r'.repeat(n) })),
      ),
      accept: fc
        .constantFrom('text/html', '*/*', 'application/xml', 'application/problem+json')
        .map((value) => ({ label: 'accept', value })),
    },
    { requiredKeys: [] },
  )
  .map((record) => {
    const entries = Object.entries(record).filter((entry): entry is [string, Labelled<string>] => entry[1] !== undefined);
    return {
      label: entries.map(([, v]) => v.label).join(',') || 'no-headers',
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
    };
  });

const json = (label: string, value: unknown, contentType = 'application/json'): Labelled<BodyChoice> => ({
  label,
  value: { kind: 'text', contentType, text: JSON.stringify(value) },
});
const raw = (label: string, text: string, contentType: string | undefined = 'application/json'): Labelled<BodyChoice> => ({
  label,
  value: { kind: 'text', contentType, text },
});

const nested = (depth: number, open: string, close: string, inner = '1') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
const MALFORMED = [
  '{',
  '{"headline": "a",}',
  "{'headline': 'a'}",
  '{"headline": "a"} {"headline": "b"}',
  '\ufeff{"headline":"a"}',
  '{"revision": NaN}',
  '{"revision": 1e400}',
  '{"revision": 123456789012345678901234567890}',
  '{"revision": -0.0e-999}',
  '{"headline": "a" /* comment */}',
  '{"headline": "\\ud800\\udc00\\ud800"}',
  '{"headline": "\\u0000"}',
  '{"revision":1,"revision":"1"}',
  'null',
  '"a string"',
  '[]',
  '1',
  '',
  'undefined',
];
const PROTOTYPE_BODIES = [
  '{"__proto__": {"polluted": "yes", "roles": ["admin"]}, "headline": "a", "body": "<p>x</p>", "language": "fr"}',
  '{"constructor": {"prototype": {"polluted": "yes"}}, "revision": 1}',
  '{"headline": "a", "body": "<p>x</p>", "language": "fr", "byline": {"__proto__": {"isAdmin": true}, "name": "x"}}',
  '{"revision": 1, "__proto__": null}',
  '{"toString": "x", "valueOf": 1, "hasOwnProperty": false, "revision": 1}',
];

const body: fc.Arbitrary<Labelled<BodyChoice>> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ label: 'no-body', value: { kind: 'none' as const } }) },
  { weight: 10, arbitrary: draftLike.map(({ label, value }) => json(label, value)) },
  { weight: 5, arbitrary: decisionLike.map(({ label, value }) => json(label, value)) },
  {
    weight: 2,
    arbitrary: fc
      .dictionary(
        fc.oneof(
          hostileText.map((t) => t.value),
          fc.constantFrom(...PROTOTYPE_WORDS),
        ),
        hostileJsonValue.map((v) => v.value),
        { maxKeys: 5 },
      )
      .map((value) => json('random-object', value)),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => json('random-json', value)) },
  { weight: 1, arbitrary: fc.constantFrom(...MALFORMED).map((text) => raw('malformed-json', text)) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_BODIES).map((text) => raw('prototype-keys', text)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(64, 1000, 10_000, 100_000), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"byline":', '}']))
      .map(([depth, [open, close]]) => raw(`deep-nesting-${depth}`, nested(depth, open, close))),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        [0xff, 0xfe],
        [0xc0, 0x80],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0x7b, 0x22, 0x68, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d],
      )
      .map((bytes) => ({ label: 'invalid-utf8', value: { kind: 'bytes' as const, contentType: 'application/json', bytes } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        draftLike,
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'application/merge-patch+json',
          'multipart/form-data; boundary=x',
          undefined,
        ),
      )
      .map(([draft, contentType]) => raw(`content-type-${contentType ?? 'none'}`, JSON.stringify(draft.value), contentType)),
  },
);

// Valid tokens of every role twice as often as broken ones: most hostile input comes from someone signed in.
const BROKEN_TOKENS: readonly Caller[] = ['anonymous', 'expired', 'bad-signature', 'alg-none', 'garbage', 'hostile-claims'];
const caller = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...CALLERS.filter((c) => !BROKEN_TOKENS.includes(c))) },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN_TOKENS) },
);
const claims: fc.Arbitrary<Labelled<{ sub: string; name: string }>> = fc
  .tuple(hostileText, hostileText)
  .map(([sub, name]) => ({ label: `sub:${sub.label},name:${name.label}`, value: { sub: sub.value || 'x', name: name.value || 'x' } }));

/** Requests over routes with these methods (and an unrouted path): every part of each is generated, weighted to the hostile. */
export function generatedRequest(routeMethods: readonly string[]): fc.Arbitrary<GeneratedRequest> {
  // Routes that take a body get three times the requests: they have the most inputs to get wrong.
  const route = fc.oneof(...routeMethods.map((method, index) => ({ weight: method === 'GET' ? 1 : 3, arbitrary: fc.constant(index) })), {
    weight: 1,
    arbitrary: fc.constant(routeMethods.length),
  });
  return fc.record({
    route,
    params: fc.array(paramChoice, { minLength: 3, maxLength: 3 }),
    query,
    caller,
    claims,
    headers,
    body,
  });
}

/**
 * A journalist submitting a draft that must be accepted (see `submittableDraft`) to the route at `route`:
 * whatever the other requests of a run happen to be, some hostile stories go on through review and publication.
 */
export function submittableDraftRequest(route: number): fc.Arbitrary<GeneratedRequest> {
  return submittableDraft.map(({ label, value }) => ({
    route,
    params: [],
    query: { label: 'no-query', value: '' },
    caller: 'journalist',
    claims: { label: 'unused', value: { sub: 'x', name: 'x' } },
    headers: { label: 'no-headers', value: {} },
    body: json(label, value),
  }));
}

export const describeBody = (choice: BodyChoice) =>
  choice.kind === 'none'
    ? 'no body'
    : choice.kind === 'bytes'
      ? `bytes [${choice.bytes.map((b) => b.toString(16)).join(' ')}] as ${choice.contentType}`
      : `${choice.text.length} characters as ${choice.contentType ?? 'no content-type'}: ${JSON.stringify(choice.text.slice(0, 240))}${choice.text.length > 240 ? '…' : ''}`;
