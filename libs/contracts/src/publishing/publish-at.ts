import { z } from 'zod';

/** How far ahead a story may be scheduled: an embargo, not an archive. */
export const MAX_SCHEDULE_DAYS = 366;

/**
 * When an editor wants a story out: an ISO 8601 instant with its offset, in the future (as of the
 * request) and at most MAX_SCHEDULE_DAYS ahead. Given back as the same instant in UTC.
 */
export const PublishAt = z
  .string()
  .max(40, { message: 'must be an ISO 8601 date-time with an offset, such as 2026-03-14T06:00:00+01:00', abort: true })
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, such as 2026-03-14T06:00:00+01:00' })
  .transform((value, ctx) => {
    const at = Date.parse(value);
    const now = Date.now();
    if (Number.isNaN(at)) {
      ctx.addIssue({ code: 'custom', message: 'must be a date that exists' });
      return z.NEVER;
    }
    if (at <= now) ctx.addIssue({ code: 'custom', message: 'must be in the future' });
    else if (at > now + MAX_SCHEDULE_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_SCHEDULE_DAYS} days ahead` });
    return new Date(at).toISOString();
  });
