import type { Person, StoryContent } from '../stories/story';

/** One version of a story's public article: what editors approved, and when it and the article's first version were made (ISO 8601). */
export interface ArticleVersion {
  storyId: string;
  number: number;
  content: StoryContent;
  author: Person;
  /** When the author submitted the approved revision. */
  submittedAt: string;
  firstCreated: string;
  versionCreated: string;
  /** The public correction notes of the article so far, newest first. */
  corrections?: readonly string[];
}
