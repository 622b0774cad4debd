import { messagingOperationsMigrations, messagingTablesMigration } from '@newsroom/messaging';
import { Drafts1764200000000 } from './1764200000000-drafts';
import { DraftPublication1765100000000 } from './1765100000000-draft-publication';
import { DraftOriginalUrl1766200000000 } from './1766200000000-draft-original-url';
import { WireSources1767000000000 } from './1767000000000-wire-sources';
import { WireItemsLatest1767200000000 } from './1767200000000-wire-items-latest';

/** In the order they apply; each class name ends with its timestamp. */
export const ingestionMigrations = [
  messagingTablesMigration('ingestion'),
  Drafts1764200000000,
  DraftPublication1765100000000,
  DraftOriginalUrl1766200000000,
  WireSources1767000000000,
  WireItemsLatest1767200000000,
  ...messagingOperationsMigrations('ingestion'),
];
