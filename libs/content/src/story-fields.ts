import { MAX_EVENT_BYTES, plainTextField, Refusal, StoryLimits, codePoints, unusableText } from '@newsroom/contracts';
import { z } from 'zod';
import { normalizeText } from './sanitize-body';

/**
 * A plain-text field as the journalist typed it: bounded before anything costs (NFC is quadratic on piles
 * of combining marks, which the field schema refuses), then NFC and trimmed, then checked by the very
 * schema the events use, so the door and the contract agree on every character.
 */
export const storyText = (max: number, multiline = false) => {
  const field = plainTextField(max, { multiline });
  return z
    .string()
    .max(4 * max, { message: `must be at most ${max} characters`, abort: true })
    .transform((value, ctx) => {
      const why = unusableText(value, { multiline });
      if (!why) return normalizeText(value);
      ctx.addIssue({ code: 'custom', message: why });
      return z.NEVER;
    })
    .pipe(field);
};

/** An optional text left blank by an editing tool means "none", not an error. */
export const optionalStoryText = (max: number, multiline = false) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), storyText(max, multiline).optional());

/** The HTML body's bounds, in code points: checked on the event loop (a linear scan) before any cleaning (withCleanBody). */
export const boundedBody = z
  .string()
  .max(2 * StoryLimits.body, { message: `must be at most ${StoryLimits.body} characters`, abort: true })
  .refine((html) => codePoints(html) <= StoryLimits.body, { message: `must be at most ${StoryLimits.body} characters`, abort: true });

/**
 * 413: the story would not fit in the largest event it will travel in, so it could be accepted but never
 * published. The detail says by how much to shorten it.
 */
export class StoryTooLarge extends Refusal {
  constructor(event: { type: string; bytes: number }) {
    const over = event.bytes - MAX_EVENT_BYTES;
    super(
      'story-too-large',
      'too-large',
      'The story is too large to publish',
      `Published, this story would be a ${event.bytes}-byte ${event.type} event, and events are limited to ${MAX_EVENT_BYTES} bytes: ` +
        `shorten it by at least ${over} bytes of UTF-8 as stored (markup included; after sanitising, & counts 5 bytes, an accented letter 2).`,
      {
        errors: [{ field: 'body', message: `must be at least ${over} bytes shorter` }],
        eventBytes: event.bytes,
        maxEventBytes: MAX_EVENT_BYTES,
        overBytes: over,
      },
    );
  }
}
