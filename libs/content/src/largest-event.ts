import {
  ArticlePublished,
  DraftRevised,
  DraftSubmitted,
  EventContract,
  Person,
  ReviewApproved,
  StoryContent,
  StoryLimits,
  toNinjsArticle,
  withSuffix,
} from '@newsroom/contracts';

/** One of the events a story will travel in, as the bytes of its Kafka value. */
export interface EventSize {
  type: string;
  bytes: number;
}

// Every part of an event that the draft does not decide, at its widest: ids and times have a fixed width,
// counters get the most digits a Postgres integer holds, and what an editor adds is at its bounds.
const STORY_ID = '00000000-0000-4000-8000-000000000000';
const AT = new Date(0).toISOString();
const COUNTER = 2_147_483_647;
// Person's fields refuse controls, so a code point costs at most 4 bytes (an astral one); a note may hold controls, 6 bytes each (\u0001).
const WIDEST_EDITOR: Person = { id: '\u{1F5DE}'.repeat(StoryLimits.personId), name: '\u{1F5DE}'.repeat(StoryLimits.personName) };
const WIDEST_NOTE = '\u0001'.repeat(StoryLimits.editorNote);
// Every correction note an article may gather stays in its document, each at its widest.
const WIDEST_CORRECTIONS = Array.from({ length: StoryLimits.corrections }, () => '\u{1F5DE}'.repeat(StoryLimits.correctionNote));
// Publication suffixes a slug that another article already has (the start of the story id).
const SLUG_SUFFIX = 'ffffffff';

function sized<T>(contract: EventContract<T>, data: T): EventSize {
  return { type: contract.type, bytes: Buffer.byteLength(JSON.stringify(contract.parse(data)), 'utf8') };
}

/**
 * The events this content will be carried in, built for real (draft.submitted, draft.revised as an update, review.approved,
 * article.published) with everything the draft does not decide at its largest, so that a story accepted
 * now fits every event it will make later. The largest first.
 */
export function eventSizes(content: StoryContent, author: Person): EventSize[] {
  const suffixed = withSuffix(content.slug, SLUG_SUFFIX);
  const articleSlug = suffixed.length > content.slug.length ? suffixed : content.slug;
  const sizes = [
    sized(DraftSubmitted, { storyId: STORY_ID, revision: COUNTER, author, content, at: AT }),
    // A revision of a published story names the live version it updates.
    sized(DraftRevised, { storyId: STORY_ID, revision: COUNTER, author, content, at: AT, updates: { version: COUNTER } }),
    sized(ReviewApproved, {
      storyId: STORY_ID,
      revision: COUNTER,
      editor: WIDEST_EDITOR,
      at: AT,
      note: WIDEST_NOTE,
      author,
      content,
      submittedAt: AT,
    }),
    sized(
      ArticlePublished,
      toNinjsArticle({
        storyId: STORY_ID,
        number: COUNTER,
        content: { ...content, slug: articleSlug },
        author,
        submittedAt: AT,
        firstCreated: AT,
        versionCreated: AT,
        corrections: WIDEST_CORRECTIONS,
      }),
    ),
  ];
  return sizes.sort((a, b) => b.bytes - a.bytes);
}
