/** What a story's text goes through before any service stores it: sanitising, counting, sizing against the events it will travel in. */
export * from './cleaned-body-schema';
export * from './largest-event';
export * from './sanitize-body';
export * from './story-text';
export * from './story-text-pool';
export * from './story-text-threads';
export * from './word-count';
export * from './story-fields';
// The page reader itself runs on its threads only (linkedom and Readability are loaded there, not here).
export type { PageArticle, PageReading } from './page/read-page';
export * from './page/page-reading-pool';
export * from './page/page-text';
// Wire feeds are parsed and mapped on the page threads too (fast-xml-parser is loaded there); their types are here.
export type { FeedItem, FeedReading } from './wire/read-feed';
export * from './wire/wire-format';
