// What a PageReadingPool thread runs: saved pages and wire feeds.
export { readPage } from './read-page';
export { ninjsOf, readFeed } from '../wire/read-feed';
