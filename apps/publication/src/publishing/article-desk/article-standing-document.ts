import { ArticleStatus } from '@newsroom/contracts';
import { z } from 'zod';
import type { ArticleStanding } from './article-desk';

const Instant = z.iso.datetime({ offset: true });

/** What the editors' article routes answer with: where the article stands after the action. */
export const ArticleStandingDocument = z
  .strictObject({
    storyId: z.uuid(),
    slug: z.string(),
    status: ArticleStatus,
    version: z.int().min(1),
    publishAt: Instant.nullable().meta({ description: 'When a scheduled article goes out' }),
    publishedAt: Instant.nullable(),
    reason: z.string().nullable().meta({ description: 'Why it was unpublished or killed' }),
    corrections: z.array(z.string()).meta({ description: 'The public correction notes, newest first' }),
  })
  .meta({ id: 'ArticleStanding' });

// The view the controller returns must fit the documented shape.
export const fitsStanding = (view: ArticleStanding): z.input<typeof ArticleStandingDocument> => view;
