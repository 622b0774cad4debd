import { messagingTablesMigration } from '@newsroom/messaging';
import { ReviewQueue1764300000000 } from './1764300000000-review-queue';

/** In the order they apply; each class name ends with its timestamp. */
export const editorialMigrations = [messagingTablesMigration('editorial'), ReviewQueue1764300000000];
