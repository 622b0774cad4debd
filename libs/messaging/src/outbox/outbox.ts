import { CloudEvent, contractFor, toKafkaRecord } from '@newsroom/contracts';
import { EntityManager } from 'typeorm';

/** The NOTIFY channel on which a service's relay hears that outbox rows were committed. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/**
 * Stages events in the transaction that changes the state they describe: they reach Kafka
 * if and only if that transaction commits.
 */
export class Outbox {
  constructor(private readonly schema: string) {}

  async append(transaction: EntityManager, ...events: CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, index) => {
      const contract = contractFor(event.type);
      if (!contract) throw new Error(`cannot stage ${event.type}: no contract defines it`);
      // Checked again here, because an event can be built without createEvent.
      const record = toKafkaRecord({ ...event, data: contract.parse(event.data) });
      values.push(event.id, contract.topic, record.key, event.type, JSON.stringify(record.headers), record.value);
      const at = index * 6;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}::jsonb, $${at + 6})`;
    });
    await transaction.query(
      `INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, event_type, headers, payload) VALUES ${rows.join(', ')}`,
      values,
    );
    // One NOTIFY per transaction: Postgres folds repeats, and it is delivered only on commit.
    await transaction.query('SELECT pg_notify($1, NULL)', [outboxChannel(this.schema)]);
  }
}
