import { CloudEvent } from '@newsroom/contracts';
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { KafkaEventContext } from '../consumer/kafka-event.server';
import { Outbox } from '../outbox/outbox';

/** What a handler may do inside the transaction that applies an event: change state, stage events. */
export interface InboxTransaction {
  manager: EntityManager;
  /** Stages follow-up events; they commit, or not, with the state change. */
  emit: (...events: CloudEvent[]) => Promise<void>;
}

/**
 * The idempotent consumer: an event's effects and the record of its ce_id commit together, so a
 * redelivered event (a relay that died before marking sent, a rebalance) changes nothing.
 */
export class Inbox {
  private readonly logger = new Logger(Inbox.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly outbox: Outbox,
  ) {}

  /** Applies the event once; returns false when its ce_id was already applied. */
  async receive(event: CloudEvent, context: KafkaEventContext, apply: (tx: InboxTransaction) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const recorded: unknown[] = await manager.query(
        `INSERT INTO "${this.schema}".inbox (event_id, event_type, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.type, context.topic, context.partition, context.message.offset],
      );
      if (recorded.length === 0) {
        this.logger.log(`${event.type} ${event.id} for ${event.subject} already applied; skipped`);
        return false;
      }
      await apply({ manager, emit: (...events) => this.outbox.append(manager, ...events) });
      return true;
    });
  }
}
