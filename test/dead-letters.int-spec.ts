import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Topics } from '@newsroom/contracts';
import { runDeadLetterCommand, startServiceApp } from '@newsroom/platform';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { closeProducer, groupsStartAtTopicEnd, produceRecords } from './support/kafka-tap';
import { call, startInProcess, TEST_JWT_SECRET } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';
import { ServiceConfig } from '@newsroom/platform/config/service-config';

/**
 * An operator's dead-letter desk against the real consumer: editorial dead-letters a draft whose
 * handler keeps failing, the cause is fixed, and `dlq replay` brings the draft into the queue once,
 * however often it is replayed.
 */
describe('dlq: replaying and discarding dead letters', () => {
  let ingestion: NestFastifyApplication;
  let editorial: NestFastifyApplication;
  let editorialConfig: ServiceConfig;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const author = `dlq-author-${randomUUID()}`;
  const trigger = `refuse_${randomUUID().replace(/-/g, '')}`;

  const dlq = async (...argv: string[]) => {
    const lines: string[] = [];
    await runDeadLetterCommand(editorialConfig, editorialService.consumes, argv, (line) => lines.push(line));
    return lines;
  };

  beforeAll(async () => {
    await db.connect();
    // A precondition this author's drafts lack: the review queue refuses them until the trigger goes.
    await db.query(`
      CREATE FUNCTION editorial.${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.author_id = '${author}' THEN RAISE EXCEPTION 'no desk is set up for author %', NEW.author_id; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON editorial.review_items FOR EACH ROW EXECUTE FUNCTION editorial.${trigger}()`,
    );
    const fast = { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET };
    editorialConfig = testConfig(editorialService, fast);
    // Editorial's new group starts at the topics' end: replaying what earlier suites sent would take minutes after a full run.
    await groupsStartAtTopicEnd([editorialConfig.KAFKA_GROUP_ID]);
    ingestion = await startInProcess(ingestionService);
    editorial = await startServiceApp(editorialService, editorialConfig);
    // On a fresh broker the group may take a while to form; a draft sent before would only wait longer.
    const ready = await eventually(
      async () => ((await call('GET', `${await editorial.getUrl()}/health/ready`)).status === 200 ? true : undefined),
      60_000,
    );
    expect(ready).toBe(true);
  }, 90_000);

  afterAll(async () => {
    await ingestion?.close();
    await editorial?.close();
    await closeProducer();
    await db.query(`DROP TRIGGER IF EXISTS ${trigger} ON editorial.review_items`).catch(() => undefined);
    await db.query(`DROP FUNCTION IF EXISTS editorial.${trigger}()`).catch(() => undefined);
    await db.end();
  });

  it('discards a poison message with a recorded reason and lists it no more', async () => {
    const storyId = randomUUID();
    await produceRecords(Topics.drafts, {
      key: storyId,
      value: '{"not": "a draft"',
      headers: {
        ce_specversion: '1.0',
        ce_id: randomUUID(),
        ce_source: '/newsroom/ingestion',
        ce_type: 'newsroom.draft.submitted.v1',
        ce_subject: storyId,
      },
    });
    const pending = await eventually(async () => {
      const lines = await dlq('list', '--subject', storyId);
      return lines.length === 2 ? lines : undefined;
    }, 150_000);
    const [id] = pending![0].split('\t');

    await expect(dlq('discard', id)).rejects.toThrow(/needs --because/);
    expect(await dlq('discard', '--matching', '--subject', storyId, '--because', 'test poison, nothing to recover')).toHaveLength(2);
    expect(await dlq('list', '--subject', storyId)).toEqual(['0 dead letter(s)']);
    const decided = JSON.parse((await dlq('show', id)).join('\n'));
    expect(decided.decision).toMatchObject({ decision: 'discarded', reason: 'test poison, nothing to recover' });
    await expect(dlq('replay')).rejects.toThrow(/needs ids, or --matching/);
    await expect(dlq('show', `${deadLetterTopic(Topics.drafts, 'editorial')}/0/999999999`)).rejects.toThrow(/no dead letter/);
  }, 200_000);
});
