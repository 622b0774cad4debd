import { messagingOperationsMigrations, messagingTablesMigration } from '@newsroom/messaging';
import { ReviewQueue1764300000000 } from './1764300000000-review-queue';
import { ReviewHistory1765100000000 } from './1765100000000-review-history';

/** In the order they apply; each class name ends with its timestamp. */
export const editorialMigrations = [
  messagingTablesMigration('editorial'),
  ReviewQueue1764300000000,
  ReviewHistory1765100000000,
  ...messagingOperationsMigrations('editorial'),
];
