import { randomUUID } from 'node:crypto';
import { outboxChannel } from '@newsroom/messaging';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { header, TopicTap } from './support/kafka-tap';
import { call, startInProcess, tokenFor } from './support/newsroom-stack';
import { eventually } from './support/test-env';

/**
 * A relay that dies after Kafka acknowledged a batch but before it marked the rows sent leaves
 * exactly this behind: the events on the topic, their outbox rows unsent. The next relay sends
 * them again under the same ce_id, and the consuming service must not apply them twice.
 */
describe('a relay that died between producing and marking sent', () => {
  let ingestion: NestFastifyApplication;
  let editorial: NestFastifyApplication;
  let drafts: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
    drafts = await TopicTap.open('newsroom.drafts.v1');
    ingestion = await startInProcess(ingestionService);
    editorial = await startInProcess(editorialService);
  });

  afterAll(async () => {
    await ingestion?.close();
    await editorial?.close();
    await drafts?.close();
    await db.end();
  });

  it('sends the event again under the same ce_id, and editorial applies it once', async () => {
    const alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    const editor = await tokenFor(`ed-${randomUUID()}`, 'Édith Roux', ['editor']);
    const ingestionUrl = await ingestion.getUrl();
    const editorialUrl = await editorial.getUrl();
    const body = { headline: 'Vendanges précoces en Bourgogne', body: '<p>« Du jamais-vu », dit Hélène.</p>', language: 'fr' };
    const { body: draft } = await call('POST', `${ingestionUrl}/v1/drafts`, { token: alice, body });

    const queued = await eventually(async () => {
      const review = await call('GET', `${editorialUrl}/v1/reviews/${draft.id}`, { token: editor });
      return review.status === 200 ? review.body : undefined;
    });
    expect(queued.revision).toBe(1);
    const { rows } = await db.query('SELECT event_id FROM ingestion.outbox WHERE message_key = $1 AND sent_at IS NOT NULL', [draft.id]);
    expect(rows).toHaveLength(1);
    const eventId = rows[0].event_id;

    await db.query('UPDATE ingestion.outbox SET sent_at = NULL WHERE event_id = $1', [eventId]);
    await db.query(`NOTIFY "${outboxChannel('ingestion')}"`);
    const copies = await eventually(() => {
      const seen = drafts.about(draft.id).filter((message) => header(message, 'ce_id') === eventId);
      return seen.length === 2 ? seen : undefined;
    });
    expect(copies?.map((message) => message.value?.toString())).toEqual([copies![0].value?.toString(), copies![0].value?.toString()]);

    // A later event on the same key is applied only after the duplicate: once it shows, the duplicate was consumed.
    await call('POST', `${ingestionUrl}/v1/drafts/${draft.id}/withdraw`, { token: alice });
    const after = await eventually(async () => {
      const review = await call('GET', `${editorialUrl}/v1/reviews/${draft.id}`, { token: editor });
      return review.body.status === 'withdrawn' ? review.body : undefined;
    });
    expect(after).toMatchObject({ revision: 1, status: 'withdrawn', queuedAt: queued.queuedAt });
    // The inbox still holds the first copy's offset: the second was recognised by its ce_id and skipped.
    const inbox = await db.query('SELECT kafka_offset::text AS offset FROM editorial.inbox WHERE event_id = $1', [eventId]);
    expect(inbox.rows).toEqual([{ offset: copies![0].offset }]);
    const resent = await db.query('SELECT sent_at FROM ingestion.outbox WHERE event_id = $1', [eventId]);
    expect(resent.rows[0].sent_at).not.toBeNull();
  });
});
