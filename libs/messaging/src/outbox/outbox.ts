import { randomUUID } from 'node:crypto';
import { CloudEvent, contractFor, toKafkaRecord } from '@newsroom/contracts';
import { EntityManager } from 'typeorm';
import { inSpan, stampTrace } from '../tracing/event-tracing';

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
    const attributes = { 'newsroom.event.types': events.map((event) => event.type).join(','), 'db.namespace': this.schema };
    // Each row keeps the trace context of the span that staged it (ce_traceparent in its headers): the relay continues it.
    await inSpan('outbox append', { attributes }, () => this.insert(transaction, events.map(stampTrace)));
  }

  private async insert(transaction: EntityManager, events: CloudEvent[]): Promise<void> {
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

  /**
   * Stages the state an event leaves its aggregate in, for a compacted topic: `state` as the value
   * under the event's key, or null (a tombstone) when nothing public is left. The record carries the
   * event's CloudEvents headers, ce_id included, so a reader can tell which event it reflects.
   */
  async appendState(transaction: EntityManager, topic: string, event: CloudEvent, state: object | null): Promise<void> {
    const contract = contractFor(event.type);
    if (!contract) throw new Error(`cannot stage the state after ${event.type}: no contract defines it`);
    // Sized as an event is: a state too large for Kafka must be refused before it is staged.
    const record = toKafkaRecord({ ...stampTrace(event), data: state });
    await transaction.query(
      `INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, event_type, headers, payload) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [randomUUID(), topic, record.key, event.type, JSON.stringify(record.headers), state === null ? null : record.value],
    );
    await transaction.query('SELECT pg_notify($1, NULL)', [outboxChannel(this.schema)]);
  }
}
