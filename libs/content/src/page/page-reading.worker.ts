// What a PageReadingPool thread runs.
export { readPage } from './read-page';
