import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  CloudEvent,
  createEvent,
  DraftRevised,
  DraftSubmitted,
  DraftWithdrawn,
  ReviewApproved,
  StoryLimits,
  Topics,
} from '@newsroom/contracts';
import { signToken, startServiceApp } from '@newsroom/platform';
import { editor, journalist, NBSP, storyContent } from '@newsroom/test-factories';
import { INestApplication } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { closeProducer, produce, TopicTap } from './support/kafka-tap';
import { call as callApi } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const config = testConfig(editorialService);
const chloe = journalist('Chloé Lefèvre');
const amelie = editor('Amélie Durand');
const bruno = editor('Bruno Keller');

type Body = Record<string, any>;
const body = (...paragraphs: string[]) => paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('');
const content = (headline: string, html: string, standfirst?: string) =>
  storyContent({ headline, body: html, standfirst, byline: { name: chloe.name } });

const WORDS = [
  'grève',
  'réforme',
  'Assemblée',
  'syndicats',
  'trains',
  'l’été',
  '«',
  '»',
  'économie',
  'préfet',
  'décrue',
  'Nîmes',
  'à',
  'de',
  'la',
];
/** About `length` characters of French in paragraphs of ~200, the same for the same seed. */
function longBody(length: number, seed: number): string {
  const paragraphs: string[] = [];
  let x = seed;
  for (let size = 0; size < length - 300;) {
    const words: string[] = [];
    for (let chars = 0; chars < 190;) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const word = WORDS[x % WORDS.length];
      words.push(word);
      chars += word.length + 1;
    }
    const paragraph = words.join(' ');
    paragraphs.push(paragraph);
    size += paragraph.length + 7;
  }
  return body(...paragraphs);
}

describe('editorial: updates, embargoes, a story’s history and its diffs', () => {
  let app: INestApplication;
  let base: string;
  let reviews: TopicTap;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startServiceApp(editorialService, config);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    reviews = await TopicTap.open(Topics.reviews);
    const sign = (who: typeof amelie, ...roles: ('editor' | 'journalist')[]) =>
      signToken({ sub: who.id, name: who.name, roles }, config.NEWSROOM_JWT_SECRET);
    Object.assign(tokens, {
      amelie: await sign(amelie, 'editor'),
      bruno: await sign(bruno, 'editor'),
      chloe: await sign(chloe, 'journalist'),
    });
  });

  afterAll(async () => {
    await reviews?.close();
    await closeProducer();
    await app?.close();
  });

  const draft = (
    storyId: string,
    revision: number,
    story = content(`Crue, révision ${revision}`, body('Texte.')),
    updates?: number,
    at = new Date(),
  ) =>
    createEvent(revision === 1 ? DraftSubmitted : DraftRevised, '/newsroom/ingestion', storyId, {
      storyId,
      revision,
      author: chloe,
      content: story,
      at: at.toISOString(),
      ...(updates !== undefined && { updates: { version: updates } }),
    });
  const put = (...events: CloudEvent[]) => produce(Topics.drafts, ...events);
  const call = async (method: string, path: string, who?: string, payload?: unknown) =>
    callApi<Body>(method, `${base}${path}`, { token: who && tokens[who], body: payload });
  const reviewOnce = async (storyId: string, ready: (review: Body) => boolean = () => true): Promise<Body> => {
    const seen = await eventually(async () => {
      const answer = await call('GET', `/v1/reviews/${storyId}`, 'amelie');
      return answer.status === 200 && ready(answer.body) ? answer.body : undefined;
    });
    if (!seen) throw new Error(`review ${storyId} never reached the expected state`);
    return seen;
  };
  const approvalOf = (storyId: string, revision: number) =>
    eventually(() =>
      reviews.messages.find(
        (message: KafkaMessage) =>
          message.key?.toString() === storyId &&
          message.headers?.ce_type?.toString() === ReviewApproved.type &&
          JSON.parse(message.value!.toString()).revision === revision,
      ),
    ).then((message) => JSON.parse(message!.value!.toString('utf8')));
  /**
   * The story's line in the queue, found as a client would, page by page. Oldest first, and the suites share one
   * database: a story this suite looks for there is queued long ago (its revision's time), at the queue's head.
   */
  const queued = async (storyId: string): Promise<Body | undefined> => {
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const page = await call('GET', `/v1/reviews?limit=100${cursor ? `&cursor=${cursor}` : ''}`, 'bruno');
      const found = page.body.items.find((item: Body) => item.storyId === storyId);
      if (found) return found;
      cursor = page.body.nextCursor;
    }
    return undefined;
  };
  /** A text part of a diff, as the earlier (`removed`) or later (`added`) revision had it. */
  const side = (part: { changes: { type: string; text: string }[] }, keep: 'added' | 'removed') =>
    part.changes
      .filter((change) => change.type === 'same' || change.type === keep)
      .map((change) => change.text)
      .join('');

  it('marks an update of the live version, refuses a time on it, and diffs it against what readers have now', async () => {
    const storyId = randomUUID();
    const v1 = content(
      'Crue du Gard : 300 foyers évacués',
      body(`Le Vidourle est sorti de son lit${NBSP}: 300 foyers évacués.`, 'Les secours sont sur place.'),
    );
    await put(draft(storyId, 1, v1));
    await reviewOnce(storyId);
    expect((await call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 1 })).status).toBe(200);

    const v2 = content(
      'Crue du Gard : 450 foyers évacués',
      body(`Le Vidourle est sorti de son lit${NBSP}: 450 foyers évacués.`, 'Les secours sont sur place.'),
    );
    await put(draft(storyId, 2, v2, 1, new Date(Date.UTC(2001, 0, 1))));
    const update = await reviewOnce(storyId, (review) => review.revision === 2);
    expect(update).toMatchObject({ status: 'submitted', updates: { version: 1 } });
    expect(await queued(storyId)).toMatchObject({ revision: 2, updates: { version: 1 } });

    const scheduled = await call('POST', `/v1/reviews/${storyId}/approve`, 'bruno', {
      revision: 2,
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(scheduled.status).toBe(409);
    expect(scheduled.body).toMatchObject({
      type: expect.stringMatching(/update-not-schedulable$/),
      errors: [{ field: 'publishAt', message: expect.any(String) }],
      updates: { version: 1 },
    });

    // Sent back, revised again: still an update of version 1, still compared with revision 1.
    await call('POST', `/v1/reviews/${storyId}/request-changes`, 'bruno', { revision: 2, comment: 'Citez la préfecture.' });
    const v3 = content(
      v2.headline,
      body(`Le Vidourle est sorti de son lit${NBSP}: 450 foyers évacués, selon la préfecture.`, 'Les secours sont sur place.'),
    );
    await put(draft(storyId, 3, v3, 1));
    await reviewOnce(storyId, (review) => review.revision === 3);
    const diff = await call('GET', `/v1/reviews/${storyId}/diff`, 'bruno');
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ storyId, from: 1, to: 3, updates: { version: 1 }, body: { granularity: 'word', htmlChanged: true } });
    expect(side(diff.body.headline, 'removed')).toBe(v1.headline);
    expect(side(diff.body.headline, 'added')).toBe(v3.headline);
    expect(side(diff.body.body, 'removed')).toBe(
      `Le Vidourle est sorti de son lit${NBSP}: 300 foyers évacués.\nLes secours sont sur place.`,
    );
    expect(diff.body.body.changes.filter((change: Body) => change.type === 'added').map((change: Body) => change.text)).toEqual([
      '450',
      ', selon la préfecture',
    ]);
    const previous = await call('GET', `/v1/reviews/${storyId}/diff?from=2`, 'bruno');
    expect(previous.body).toMatchObject({ from: 2, to: 3 });

    expect((await call('POST', `/v1/reviews/${storyId}/approve`, 'bruno', { revision: 3 })).status).toBe(200);
    const approval = await approvalOf(storyId, 3);
    expect(approval.publishAt).toBeUndefined();
    expect(approval.content.headline).toBe(v3.headline);
  });

  it('approves a first publication for a later time, and refuses a past, malformed or distant one naming publishAt', async () => {
    const storyId = randomUUID();
    await put(draft(storyId, 1));
    await reviewOnce(storyId);
    const inAYear = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    for (const publishAt of [new Date(Date.now() - 60_000).toISOString(), 'demain 6h', '2026-03-03T06:00:00', inAYear(400), 7]) {
      const refused = await call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 1, publishAt });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'publishAt', message: expect.any(String) }]);
    }
    expect((await reviewOnce(storyId)).status).toBe('submitted');

    // Tomorrow 06:00 in Paris, written with its offset: carried as the same instant in UTC.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = tomorrow.toISOString().slice(0, 10);
    const approved = await call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 1, publishAt: `${day}T06:00:00+01:00` });
    expect(approved.status).toBe(200);
    const utc = new Date(`${day}T05:00:00.000Z`).toISOString();
    expect(approved.body.history).toEqual([expect.objectContaining({ decision: 'approved', publishAt: utc })]);
    expect((await approvalOf(storyId, 1)).publishAt).toBe(utc);
    const history = await call('GET', `/v1/reviews/${storyId}/history`, 'bruno');
    expect(history.body.entries.at(-1)).toEqual({ action: 'approved', revision: 1, by: amelie, at: expect.any(String), publishAt: utc });
  });

  it('tells a story’s whole history, oldest first, with who and when', async () => {
    const storyId = randomUUID();
    await put(draft(storyId, 1));
    await reviewOnce(storyId);
    await call('POST', `/v1/reviews/${storyId}/claim`, 'amelie');
    const extended = await call('POST', `/v1/reviews/${storyId}/claim`, 'amelie');
    await call('POST', `/v1/reviews/${storyId}/request-changes`, 'amelie', { revision: 1, comment: 'Sourcez le chiffre.' });
    await put(draft(storyId, 2));
    await reviewOnce(storyId, (review) => review.revision === 2);
    await call('POST', `/v1/reviews/${storyId}/claim`, 'bruno');
    await call('POST', `/v1/reviews/${storyId}/reject`, 'bruno', { revision: 2, reason: 'Hors ligne éditoriale.' });

    const history = await call('GET', `/v1/reviews/${storyId}/history`, 'amelie');
    expect(history.status).toBe(200);
    const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    expect(history.body).toEqual({
      storyId,
      truncated: false,
      entries: [
        { action: 'submitted', revision: 1, by: chloe, at },
        { action: 'claimed', revision: 1, by: amelie, at, until: extended.body.claim.expiresAt },
        { action: 'changes_requested', revision: 1, by: amelie, at, comment: 'Sourcez le chiffre.' },
        { action: 'revised', revision: 2, by: chloe, at },
        { action: 'claimed', revision: 2, by: bruno, at, until: at },
        { action: 'rejected', revision: 2, by: bruno, at, reason: 'Hors ligne éditoriale.' },
      ],
    });
    const times = history.body.entries.map((entry: Body) => entry.at);
    expect(times).toEqual([...times].sort());

    const withdrawnId = randomUUID();
    await put(
      draft(withdrawnId, 1),
      createEvent(DraftWithdrawn, '/newsroom/ingestion', withdrawnId, {
        storyId: withdrawnId,
        revision: 1,
        by: chloe,
        at: new Date().toISOString(),
      }),
    );
    await reviewOnce(withdrawnId, (review) => review.status === 'withdrawn');
    const withdrawn = await call('GET', `/v1/reviews/${withdrawnId}/history`, 'amelie');
    expect(withdrawn.body.entries.map((entry: Body) => [entry.action, entry.by.id])).toEqual([
      ['submitted', chloe.id],
      ['withdrawn', chloe.id],
    ]);

    expect((await call('GET', `/v1/reviews/${randomUUID()}/history`, 'amelie')).status).toBe(404);
    expect((await call('GET', `/v1/reviews/${storyId}/history`, 'chloe')).status).toBe(403);
  });

  it('answers a bad or unknown revision in a diff with a problem naming it', async () => {
    const storyId = randomUUID();
    await put(draft(storyId, 1), draft(storyId, 2));
    await reviewOnce(storyId, (review) => review.revision === 2);
    for (const [query, field] of [
      ['from=0', 'from'],
      ['to=deux', 'to'],
      ['from=2&to=1', 'from'],
      ['from=1&from=2', 'from'],
      ['from=2', 'from'],
    ]) {
      const refused = await call('GET', `/v1/reviews/${storyId}/diff?${query}`, 'amelie');
      expect({ query, status: refused.status, fields: refused.body.errors?.map((error: Body) => error.field) }).toEqual({
        query,
        status: 400,
        fields: [field],
      });
    }
    const unknown = await call('GET', `/v1/reviews/${storyId}/diff?to=7`, 'amelie');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('no revision 7');
    expect((await call('GET', `/v1/reviews/${randomUUID()}/diff`, 'amelie')).status).toBe(404);
    expect((await call('GET', `/v1/reviews/${storyId}/diff`, 'chloe')).status).toBe(403);

    // A first submission is compared with nothing: all of it is new.
    const first = await call('GET', `/v1/reviews/${storyId}/diff?to=1`, 'amelie');
    expect(first.body).toMatchObject({ from: null, to: 1, headline: { changes: [{ type: 'added', text: 'Crue, révision 1' }] } });
  });

  it('diffs two bodies near the size cap without stalling the event loop, coarser when they differ throughout', async () => {
    const storyId = randomUUID();
    const long = longBody(StoryLimits.body, 7);
    const edited = long.replace('</p><p>', '</p><p>Un paragraphe ajouté par la rédaction.</p><p>');
    const rewritten = longBody(StoryLimits.body, 11);
    expect(long.length).toBeGreaterThan(StoryLimits.body - 1_000);
    await put(
      draft(storyId, 1, content('Long format', long)),
      draft(storyId, 2, content('Long format', edited)),
      draft(storyId, 3, content('Long format', rewritten)),
    );
    await reviewOnce(storyId, (review) => review.revision === 3);

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = Date.now();
    const close = await call('GET', `/v1/reviews/${storyId}/diff?from=1&to=2`, 'amelie');
    const closeMs = Date.now() - started;
    const far = await call('GET', `/v1/reviews/${storyId}/diff?from=1&to=3`, 'amelie');
    const farMs = Date.now() - started - closeMs;
    loop.disable();
    const worstMs = loop.max / 1e6;
    console.log(
      `diff of two ~200,000-character bodies: ${closeMs} ms (one paragraph added), ${farMs} ms (rewritten); event loop delay at worst ${worstMs.toFixed(1)} ms`,
    );

    expect(close.status).toBe(200);
    expect(close.body.body.granularity).toBe('word');
    expect(close.body.body.changes.filter((change: Body) => change.type !== 'same')).toEqual([
      { type: 'added', text: 'Un paragraphe ajouté par la rédaction.\n' },
    ]);
    expect(far.status).toBe(200);
    expect(far.body.body.granularity).toBe('paragraph');
    // The class this guards against is a diff freezing the service for seconds; the 100 ms target is the property suite's to measure.
    expect(worstMs).toBeLessThan(1000);
  });
});
