import { messagingTablesMigration } from '@newsroom/messaging';
import { Drafts1764200000000 } from './1764200000000-drafts';

/** In the order they apply; each class name ends with its timestamp. */
export const ingestionMigrations = [messagingTablesMigration('ingestion'), Drafts1764200000000];
