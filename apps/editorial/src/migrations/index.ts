import { messagingTablesMigration } from '@newsroom/messaging';

/** In the order they apply; each class name ends with its timestamp. */
export const editorialMigrations = [messagingTablesMigration('editorial')];
