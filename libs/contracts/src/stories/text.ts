import { z } from 'zod';

/**
 * Length, everywhere in Newsroom (HTTP checks, event schemas, the README), is counted in Unicode
 * code points: an emoji such as 🗞 is one, as a reader would count it, whatever UTF-16 makes of it.
 * Code points rather than grapheme clusters because a cluster has no bound (👩‍👩‍👧‍👦 is one).
 */
export function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A well-formed pair is two UTF-16 units for one code point.
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) count--;
    }
  }
  return count;
}

/** At most `max` code points; counted only after the cheaper checks, on a string already bounded by the request size. */
export const atMostCodePoints = (max: number) => (value: string) => codePoints(value) <= max;

// C0 and C1 controls and DEL: invisible, refused by PostgreSQL (NUL), or a way to forge log lines.
// eslint-disable-next-line no-control-regex -- these characters are what it looks for
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex -- the same, less the line breaks a paragraph may hold
const CONTROLS_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE_SEPARATORS = /[\u2028\u2029]/u;
// Embeddings, overrides and isolates reorder what a reader sees ("Trojan Source"); the marks LRM, RLM and ALM stay allowed.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
// With the u flag a well-formed pair is one code point, so only a lone surrogate is a Cs.
const LONE_SURROGATE = /\p{Cs}/u;
const NONCHARACTERS = /\p{Noncharacter_Code_Point}/u;
/** Unicode's stream-safe limit (UAX #15): no language stacks more marks, and NFC is quadratic in longer runs. */
export const MAX_COMBINING_MARKS = 30;
const MARK_RUNS = /\p{M}{2,}/gu;

/** Whether more than MAX_COMBINING_MARKS marks follow one another; one pass (a bounded repetition would rescan each run). */
function hasMarkPile(value: string): boolean {
  for (const [run] of value.matchAll(MARK_RUNS)) {
    if (run.length > MAX_COMBINING_MARKS && codePoints(run) > MAX_COMBINING_MARKS) return true;
  }
  return false;
}

/** Why a text cannot be stored or sent as it is, or undefined when it can. Lone surrogates are refused everywhere. */
export function unusableText(value: string, { multiline = false, plain = true } = {}): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'must not contain lone surrogates (broken UTF-16)';
  if (hasMarkPile(value)) return `must not stack more than ${MAX_COMBINING_MARKS} combining marks on one character`;
  if (!plain) return undefined;
  if ((multiline ? CONTROLS_BUT_LINE_BREAKS : CONTROLS).test(value)) {
    return multiline ? 'must not contain control characters (line breaks aside)' : 'must not contain control characters or line breaks';
  }
  if (!multiline && LINE_SEPARATORS.test(value)) return 'must not contain line breaks';
  if (BIDI_CONTROLS.test(value)) return 'must not contain bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069)';
  if (NONCHARACTERS.test(value)) return 'must not contain Unicode non-characters';
  return undefined;
}

/**
 * A plain-text field of a story (headline, standfirst, section, tag, byline): 1 to `max` code points,
 * no controls, bidi overrides or non-characters. The HTTP check pipes into this same schema, so a
 * request accepted at the door always makes a valid event.
 */
export function plainTextField(max: number, { multiline = false } = {}) {
  return z
    .string()
    .min(1, { message: 'must not be empty', abort: true })
    .max(2 * max, { message: `must be at most ${max} characters`, abort: true })
    .refine(atMostCodePoints(max), { message: `must be at most ${max} characters`, abort: true })
    .superRefine((value, ctx) => {
      const why = unusableText(value, { multiline });
      if (why) ctx.addIssue({ code: 'custom', message: why });
    });
}
