import { codePoints, StoryLimits } from '@newsroom/contracts';
import { cutText, PageArticle, PageReadingBusy, pageReadingPool, PageReadingTimeout } from '@newsroom/content';
import { Principal, ProblemException } from '@newsroom/platform';
import { Injectable, Logger } from '@nestjs/common';
import { DraftInput } from '../draft-input';
import { Submission, SubmitDraft } from '../submit/submit-draft';

export interface ImportPageCommand {
  author: Principal;
  html: string;
  /** The draft's language, over what the page says (for a page that says none, or says it wrong). */
  language?: string;
  /** As on POST /v1/drafts: the same page under the same key gives back the same draft. */
  idempotencyKey?: string;
}

const logger = new Logger('ImportPage');

const unprocessable = (type: string, title: string, detail: string, errors?: { field: string; message: string }[]) =>
  new ProblemException({ status: 422, type, title, detail, ...(errors && { extensions: { errors } }) });

/**
 * A page's fields as a draft's: plain texts cut to the draft's bounds at a word (a page's headline or
 * bio runs long; the journalist edits the draft before submitting it), the body never cut: an article
 * past the draft's length is refused, since a cut article would read as a whole one.
 */
export function draftFieldsOf(article: PageArticle, language: string | undefined): Record<string, unknown> {
  const bodyLength = codePoints(article.body);
  if (bodyLength > StoryLimits.body)
    throw new ProblemException({
      status: 413,
      type: 'article-too-long',
      title: 'The article is longer than a draft may be',
      detail: `The page's article is ${bodyLength} characters once cleaned, and a draft holds at most ${StoryLimits.body}: import a shorter page, or type the draft.`,
      extensions: { errors: [{ field: 'body', message: `must be at most ${StoryLimits.body} characters` }] },
    });
  const lang = language ?? article.language;
  if (lang === undefined)
    throw unprocessable(
      'page-language',
      'The page does not say its language',
      'The page has no <html lang> nor language metadata: send ?language=fr (a BCP 47 tag).',
      [{ field: 'language', message: 'is required: the page does not say its language' }],
    );
  const { byline } = article;
  return {
    headline: cutText(article.headline, StoryLimits.headline),
    ...(article.standfirst && { standfirst: cutText(article.standfirst, StoryLimits.standfirst) }),
    body: article.body,
    language: lang,
    ...(article.section && { section: cutText(article.section, StoryLimits.section) }),
    ...(byline && {
      byline: {
        name: cutText(byline.name, StoryLimits.bylineName),
        ...(byline.bio && { bio: cutText(byline.bio, StoryLimits.bylineBio) }),
      },
    }),
  };
}

/** Reads the page on its threads, or answers why not: no article in it, or the threads busy or too slow. */
async function articleIn(html: string): Promise<PageArticle> {
  let reading;
  try {
    reading = await pageReadingPool().read(html);
  } catch (err) {
    if (err instanceof PageReadingBusy)
      throw new ProblemException({
        status: 429,
        type: 'busy',
        title: 'Too many pages at once',
        detail: 'Too many pages are being imported right now; send it again in a few seconds.',
        headers: { 'Retry-After': '5' },
      });
    if (err instanceof PageReadingTimeout)
      throw unprocessable(
        'page-unreadable',
        'The page could not be read',
        `The page took too long to read (${err.message}); save the article page alone.`,
      );
    // The parser or Readability gave up on this page (a stack overflow on absurd nesting, say): the page's fault, told as such, and logged.
    logger.warn(`an imported page could not be read: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    throw unprocessable(
      'page-unreadable',
      'The page could not be read',
      'The page could not be read as HTML; save the article page again.',
    );
  }
  if ('noArticle' in reading) throw unprocessable('no-article', 'No article in this page', `${reading.noArticle}.`);
  if ('unreadable' in reading)
    throw unprocessable('page-unreadable', 'The page could not be read', `The page cannot be read: ${reading.unreadable}.`);
  return reading.article;
}

/** A journalist imports a saved web page: a new draft in status `draft`, theirs to edit and submit. */
@Injectable()
export class ImportPage {
  constructor(private readonly submitDraft: SubmitDraft) {}

  async execute({ author, html, language, idempotencyKey }: ImportPageCommand): Promise<Submission> {
    const article = await articleIn(html);
    const checked = await DraftInput.safeParse(draftFieldsOf(article, language));
    if (!checked.success) {
      const errors = checked.error.issues.map((issue) => ({ field: issue.path.join('.') || 'page', message: issue.message }));
      throw unprocessable('page-unusable', 'The page cannot be a draft', 'What the page gives cannot make a draft: see errors.', errors);
    }
    const { originalUrl } = article;
    return this.submitDraft.execute({ author, input: checked.data, submit: false, originalUrl, idempotencyKey });
  }
}
