import { MigrationInterface, QueryRunner } from 'typeorm';

/** A source's items, the latest taken in first: the order of `GET /v1/wires/:name/items`. */
export class WireItemsLatest1767200000000 implements MigrationInterface {
  readonly name = 'WireItemsLatest1767200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX wire_items_latest ON ingestion.wire_items (source, updated_at DESC, draft_id DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX ingestion.wire_items_latest');
  }
}
