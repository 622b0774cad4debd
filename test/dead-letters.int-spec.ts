import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Topics } from '@newsroom/contracts';
import { runDeadLetterCommand, startServiceApp } from '@newsroom/platform';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { closeProducer, committedOffsets, groupsStartAtTopicEnd, produceRecords } from './support/kafka-tap';
import { call, startInProcess, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
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

  /** Where a draft's event got to, for a test that never saw its letter: the outbox row, the group's offsets, every letter. */
  const whereIs = async (storyId: string) => ({
    outbox: (await db.query(`SELECT id, sent_at FROM ingestion.outbox WHERE message_key = $1`, [storyId])).rows,
    offsets: Object.fromEntries(await committedOffsets(editorialConfig.KAFKA_GROUP_ID, Topics.drafts)),
    letters: await dlq('list', '--all'),
  });

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

  it('replays a dead-lettered draft once it can be processed, and applies it exactly once even when replayed twice', async () => {
    const journalist = await tokenFor(author, 'Amélie Nothomb', ['journalist']);
    const editor = await tokenFor(`ed-${randomUUID()}`, 'Édith Roux', ['editor']);
    const body = {
      headline: 'Grève à l’usine « Les Forges »',
      body: '<p>L’intersyndicale appelle à la grève\u00a0: « Assez\u00a0! »</p>',
      language: 'fr',
    };
    const { body: draft } = await call('POST', `${await ingestion.getUrl()}/v1/drafts`, { token: journalist, body });

    const pending = await eventually(async () => {
      const lines = await dlq('list', '--subject', draft.id);
      return lines.length === 2 ? lines : undefined;
    }, 150_000);
    if (!pending) console.log(`never dead-lettered: ${JSON.stringify(await whereIs(draft.id))}`);
    expect(pending).toBeDefined();
    const [letter] = pending!;
    const [id, type, subject, decision, reason] = letter.split('\t');
    expect(id).toMatch(new RegExp(`^${deadLetterTopic(Topics.drafts, 'editorial').replace(/\./g, '\\.')}/\\d+/\\d+$`));
    expect([type, subject, decision]).toEqual(['newsroom.draft.submitted.v1', draft.id, 'pending']);
    expect(reason).toContain(`no desk is set up for author ${author}`);
    const reviewUrl = `${await editorial.getUrl()}/v1/reviews/${draft.id}`;
    expect((await call('GET', reviewUrl, { token: editor })).status).toBe(404);

    // What the operator sees of one letter: the event's text as it was sent, accents and quotes included.
    const shown = JSON.parse((await dlq('show', id)).join('\n'));
    expect(shown).toMatchObject({ id, topic: Topics.drafts, decision: null, key: draft.id });
    expect(shown.headers.ce_type).toBe('newsroom.draft.submitted.v1');
    expect(JSON.parse(shown.value).content.headline).toBe('Grève à l’usine « Les Forges »');

    await db.query(`DROP TRIGGER ${trigger} ON editorial.review_items`);
    expect(await dlq('replay', id, '--because', 'desk set up')).toEqual([
      `replayed\t${id}\tnewsroom.draft.submitted.v1\t${draft.id}\tpending\t${reason}`,
      '1 dead letter(s) replayed',
    ]);
    const queued = await eventually(async () => {
      const review = await call('GET', reviewUrl, { token: editor });
      return review.status === 200 ? review.body : undefined;
    });
    expect(queued).toMatchObject({ revision: 1, status: 'submitted' });
    expect(queued.content.headline).toBe('Grève à l’usine « Les Forges »');

    // The second replay reaches the consumer too, and its inbox recognises the ce_id.
    await dlq('replay', id);
    await call('POST', `${await ingestion.getUrl()}/v1/drafts/${draft.id}/withdraw`, { token: journalist });
    const withdrawn = await eventually(async () => {
      const review = await call('GET', reviewUrl, { token: editor });
      return review.body.status === 'withdrawn' ? review.body : undefined;
    });
    expect(withdrawn).toMatchObject({ revision: 1, queuedAt: queued.queuedAt });
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM editorial.review_items WHERE story_id = $1) AS items,
              (SELECT count(*)::int FROM editorial.review_revisions WHERE story_id = $1) AS revisions,
              (SELECT count(*)::int FROM editorial.inbox WHERE event_id = $2) AS applied`,
      [draft.id, shown.headers.ce_id],
    );
    expect(rows[0]).toEqual({ items: 1, revisions: 1, applied: 1 });

    // Decided letters leave the default list; --all shows them with the decision.
    expect(await dlq('list', '--subject', draft.id)).toEqual(['0 dead letter(s)']);
    const all = await dlq('list', '--all', '--subject', draft.id);
    expect(all[0].split('\t')[3]).toBe('replayed: replayed');
  }, 240_000);

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
