import { messagingOperationsMigrations, messagingTablesMigration } from '@newsroom/messaging';
import { Articles1764200000000 } from './1764200000000-articles';
import { ArticleStatus1764900000000 } from './1764900000000-article-status';
import { ArticleLifecycle1765000000000 } from './1765000000000-article-lifecycle';
import { ArticleReadingIndexes1765100000000 } from './1765100000000-article-reading-indexes';
import { Webhooks1767200000000 } from './1767200000000-webhooks';

/** In the order they apply; each class name ends with its timestamp. */
export const publicationMigrations = [
  messagingTablesMigration('publication'),
  Articles1764200000000,
  ArticleStatus1764900000000,
  ArticleLifecycle1765000000000,
  ArticleReadingIndexes1765100000000,
  ...messagingOperationsMigrations('publication'),
  Webhooks1767200000000,
];
