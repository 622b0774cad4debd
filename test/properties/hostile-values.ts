import fc from 'fast-check';
import { XSS_CORPUS } from './xss-corpus';

/** A generated value with the name of the class of input it belongs to, so a failure says what kind of input caused it. */
export interface Labelled<T> {
  label: string;
  value: T;
}

const labelled = <T>(label: string, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Labelled<T>> => arbitrary.map((value) => ({ label, value }));

const prose = fc.constantFrom(
  'Grève à la SNCF : qu’attendre du week-end ?',
  'Les syndicats maintiennent leur préavis.',
  'Crue de la Seine',
  'Économie',
  'Élodie Lefèvre',
);

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83dz', '\ude00b', '\udc00\ud800'];
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u009b'];
const BIDI = ['\u202e', '\u202d', '\u202a', '\u202b', '\u202c', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const NON_CHARACTERS = ['\ufffe', '\uffff', '\ufdd0', '\ufdef', '\ud83f\udffe', '\udbff\udfff', '\ufeff', '\u200b', '\u2060'];
const EMOJI = ['🚆', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇫🇷', '👍🏽', '❤️', '🧑🏿‍🚀', 'e\u0301', '\u0915\u094d\u0937'];
const SQL = [
  "'; DROP TABLE ingestion.drafts; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(10)--',
  "'||pg_sleep(10)||'",
  '$1',
  '$$; DELETE FROM editorial.review_items; $$',
  '\\',
  "\\'",
  '%',
  '_%_',
  "E'\\x00'",
  '/* */',
  ';',
  "') ON CONFLICT DO NOTHING; --",
];
const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const BLANKS = ['', ' ', '\u00a0', '\u200b', '\t', '\n', '\r\n', '\u3000', '\u2028', '\u2029'];

const sprinkle = (pieces: readonly string[]) =>
  fc
    .tuple(prose, fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }), prose)
    .map(([a, inner, b]) => `${a}${inner.join('')}${b}`);

/** Lengths around every limit the API documents (and a few it should have): one under, at, one over. */
const LIMITS = [100, 200, 300, 1000, 2000, 10_000];
const aroundLimit = fc.tuple(fc.constantFrom(...LIMITS), fc.constantFrom(-1, 0, 1), fc.constantFrom('a', 'é', '🚆', 'e\u0301', '&', '<'));

/** Text for any string field: the XSS corpus, odd Unicode, SQL metacharacters, lengths at the limits, and ordinary prose. */
export const hostileText: fc.Arbitrary<Labelled<string>> = fc.oneof(
  { weight: 6, arbitrary: labelled('xss', fc.constantFrom(...XSS_CORPUS)) },
  {
    weight: 3,
    arbitrary: labelled(
      'xss-in-prose',
      fc.tuple(prose, fc.constantFrom(...XSS_CORPUS), prose).map((parts) => parts.join(' ')),
    ),
  },
  { weight: 2, arbitrary: labelled('lone-surrogate', sprinkle(LONE_SURROGATES)) },
  { weight: 2, arbitrary: labelled('control-characters', sprinkle(CONTROLS)) },
  { weight: 2, arbitrary: labelled('bidi-override', sprinkle(BIDI)) },
  { weight: 2, arbitrary: labelled('non-character', sprinkle(NON_CHARACTERS)) },
  { weight: 2, arbitrary: labelled('emoji', sprinkle(EMOJI)) },
  { weight: 2, arbitrary: labelled('sql-metacharacters', fc.constantFrom(...SQL)) },
  { weight: 1, arbitrary: labelled('prototype-word', fc.constantFrom(...PROTOTYPE_WORDS)) },
  { weight: 1, arbitrary: labelled('blank', fc.constantFrom(...BLANKS)) },
  {
    weight: 2,
    arbitrary: labelled(
      'length-at-limit',
      aroundLimit.map(([limit, delta, unit]) => unit.repeat(limit + delta)),
    ),
  },
  {
    weight: 1,
    arbitrary: labelled(
      'long-100k',
      fc.constantFrom('a', '🚆', '\u0000').map((unit) => unit.repeat(100_000)),
    ),
  },
  { weight: 2, arbitrary: labelled('random-unicode', fc.string({ unit: 'binary', maxLength: 60 })) },
  { weight: 2, arbitrary: labelled('prose', prose) },
);

/** Numbers a field may be sent: huge, tiny, fractional, negative zero, past the safe-integer range. */
export const hostileNumber: fc.Arbitrary<Labelled<number>> = fc.oneof(
  labelled('huge-number', fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 2 ** 31, 2 ** 31 - 1, 2 ** 63, Number.MAX_SAFE_INTEGER, 5e-324)),
  labelled('odd-number', fc.constantFrom(0, -0, -1, 0.5, 1.000001, 1e-7)),
  labelled('random-number', fc.double({ noNaN: true, noDefaultInfinity: true })),
  labelled('small-integer', fc.integer({ min: -3, max: 5 })),
);

/** A JSON value of a wrong or hostile shape for any field. */
export const hostileJsonValue: fc.Arbitrary<Labelled<unknown>> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileNumber },
  {
    weight: 1,
    arbitrary: labelled('wrong-type', fc.constantFrom<unknown>(null, true, false, [], {}, [null], { $gt: '' }, ['a', 1, null])),
  },
  { weight: 1, arbitrary: labelled('random-json', fc.jsonValue({ maxDepth: 3 })) },
  {
    weight: 1,
    arbitrary: labelled(
      'text-array',
      fc.array(hostileText, { maxLength: 4 }).map((items) => items.map((item) => item.value)),
    ),
  },
);

/** Bodies near Ingestion's cap that grow when sanitised or count words slowly: the shapes behind findings 1 and 2. */
export const hugeBody: fc.Arbitrary<Labelled<string>> = fc.oneof(
  labelled(
    'body-at-cap-ampersands',
    fc.constantFrom(199_990, 200_000).map((n) => `<p>${'&'.repeat(n - 7)}</p>`),
  ),
  labelled(
    'body-at-cap-words',
    fc.constantFrom(120_000, 199_990).map((n) => `<p>${'mot '.repeat(Math.floor((n - 7) / 4))}</p>`),
  ),
  labelled('body-at-cap-quotes', fc.constant(`<p>${'« l’été » '.repeat(19_000)}</p>`)),
  labelled('body-at-cap-markup', fc.constant(`${'<p><b>x</b></p>'.repeat(13_000)}`)),
  labelled('body-over-cap', fc.constant(`<p>${'a'.repeat(200_001)}</p>`)),
  labelled('body-over-http-limit', fc.constant(`<p>${'a'.repeat(1_100_000)}</p>`)),
);

/** Ordinary valid draft fields, so that some generated drafts pass and go on through the pipeline. */
const validBody = fc.constantFrom(
  '<p>« Rien n’est réglé », affirme Éric Delmas.</p>',
  '<p>Les trains reprendront lundi : 80 % du trafic 🚆.</p>',
);
const validDraftField: Record<string, fc.Arbitrary<unknown>> = {
  headline: prose,
  standfirst: prose,
  body: validBody,
  language: fc.constantFrom('fr', 'pt-BR', 'en-GB', 'de'),
  section: prose,
  tags: fc.constant(['transports']),
  byline: fc.constant({ name: 'Élodie Lefèvre', bio: 'Suit les questions sociales.' }),
};

const HOSTILE_LANGUAGES = [
  'fr',
  'x',
  'fr-'.repeat(36_000),
  'fr-FR-u-ca-gregory-x-'.padEnd(4000, 'a'),
  'français',
  'i-klingon',
  'zh-Hant-TW',
  '🇫🇷',
  'en\u0000',
];

/** A draft whose every text field is hostile, or valid, or missing: named by the first hostile field's class. */
export const draftLike: fc.Arbitrary<Labelled<Record<string, unknown>>> = fc
  .record({
    headline: fc.option(
      fc.oneof(
        { weight: 3, arbitrary: validDraftField.headline.map((value) => ({ label: 'valid', value })) },
        { weight: 2, arbitrary: hostileJsonValue },
      ),
      { nil: undefined, freq: 10 },
    ),
    standfirst: fc.option(
      fc.oneof(
        validDraftField.standfirst.map((value) => ({ label: 'valid', value })),
        hostileText,
      ),
      { nil: undefined },
    ),
    body: fc.oneof(
      { weight: 3, arbitrary: validDraftField.body.map((value) => ({ label: 'valid', value })) },
      { weight: 5, arbitrary: hostileText.map(({ label, value }) => ({ label: `body-${label}`, value: `<p>${value}</p>` })) },
      { weight: 3, arbitrary: hostileText },
      { weight: 1, arbitrary: hugeBody },
      { weight: 1, arbitrary: hostileJsonValue },
    ),
    language: fc.oneof(
      { weight: 8, arbitrary: validDraftField.language.map((value) => ({ label: 'valid', value })) },
      { weight: 1, arbitrary: labelled('hostile-language', fc.constantFrom(...HOSTILE_LANGUAGES)) },
      { weight: 1, arbitrary: hostileJsonValue },
    ),
    section: fc.option(
      fc.oneof(
        validDraftField.section.map((value) => ({ label: 'valid', value })),
        hostileText,
      ),
      { nil: undefined },
    ),
    tags: fc.option(
      fc.oneof(
        { weight: 4, arbitrary: labelled('valid', validDraftField.tags) },
        labelled(
          'hostile-tags',
          fc.array(
            hostileText.map((text) => text.value),
            { maxLength: 5 },
          ),
        ),
        labelled(
          'many-tags',
          fc.constantFrom(30, 31, 5000).map((n) => Array.from({ length: n }, (_, i) => `t${i}`)),
        ),
        hostileJsonValue,
      ),
      { nil: undefined },
    ),
    byline: fc.option(
      fc.oneof(
        { weight: 3, arbitrary: labelled('valid', validDraftField.byline) },
        fc.tuple(hostileText, fc.option(hostileText, { nil: undefined })).map(([name, bio]) => ({
          label: name.label,
          value: bio ? { name: name.value, bio: bio.value } : { name: name.value },
        })),
        hostileJsonValue,
      ),
      { nil: undefined },
    ),
  })
  .map((fields) => {
    const draft: Record<string, unknown> = {};
    const labels: string[] = [];
    for (const [key, field] of Object.entries(fields)) {
      if (!field) continue;
      draft[key] = field.value;
      if (field.label !== 'valid') labels.push(`${key}:${field.label}`);
    }
    return { label: labels.length ? labels.join(',') : 'valid-draft', value: draft };
  });

/**
 * A draft every rule allows whose body carries hostile markup: script vectors after ordinary prose, or a
 * length at the cap. The service must take it, clean it, and carry it through review to publication.
 */
export const submittableDraft: fc.Arbitrary<Labelled<Record<string, unknown>>> = fc
  .record({
    headline: prose,
    language: validDraftField.language,
    byline: validDraftField.byline,
    body: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.tuple(validBody, fc.constantFrom(...XSS_CORPUS)).map(([ok, xss]) => ({ label: 'xss', value: `${ok}${xss}` })),
      },
      // At the body's cap; ampersands (five bytes each once escaped) after a word, since a body needs one, as many as
      // an event can carry: 200,000 would not fit in the article's event, which the service refuses as a rule.
      { weight: 1, arbitrary: hugeBody.filter(({ label }) => label.startsWith('body-at-cap') && !label.endsWith('ampersands')) },
      { weight: 1, arbitrary: labelled('body-near-event-cap-ampersands', fc.constant(`<p>Bilan ${'&'.repeat(190_000)}</p>`)) },
    ),
  })
  .map(({ body, ...fields }) => ({ label: `submittable-${body.label}`, value: { ...fields, body: body.value } }));

/** An editor's decision body: a revision (right, stale or absurd) and hostile words in one of note, comment and reason. */
export const decisionLike: fc.Arbitrary<Labelled<Record<string, unknown>>> = fc
  .record({
    revision: fc.oneof(
      { weight: 4, arbitrary: labelled('valid', fc.constant(1)) },
      { weight: 2, arbitrary: hostileNumber },
      { weight: 1, arbitrary: hostileJsonValue },
    ),
    why: fc.constantFrom('note', 'comment', 'reason', 'none'),
    words: fc.oneof({ weight: 1, arbitrary: labelled('valid', prose) }, { weight: 3, arbitrary: hostileText }),
  })
  .map(({ revision, why, words }) => {
    const decision: Record<string, unknown> = { revision: revision.value };
    if (why !== 'none') decision[why] = words.value;
    const labels = [
      revision.label !== 'valid' && `revision:${revision.label}`,
      why !== 'none' && words.label !== 'valid' && `${why}:${words.label}`,
    ];
    return { label: labels.filter(Boolean).join(',') || 'valid-decision', value: decision };
  });

export { PROTOTYPE_WORDS };
