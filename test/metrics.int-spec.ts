import { randomUUID } from 'node:crypto';
import { call, NewsroomStack, tokenFor } from './support/newsroom-stack';
import { killLeftoverServices } from './support/service-process';
import { eventually } from './support/test-env';
import { parseMetrics, sample } from './support/prometheus';

const METRICS_TOKEN = `scrape-${randomUUID()}`;

describe('GET /metrics: what an on-call engineer scrapes', () => {
  let stack: NewsroomStack;
  const scrape = async (url: string) => {
    const reply = await call('GET', `${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: reply.body as string, families: parseMetrics(reply.body) };
  };

  beforeAll(async () => {
    stack = await NewsroomStack.start({ METRICS_TOKEN });
  });

  afterAll(async () => {
    await stack?.stop();
    killLeftoverServices();
  });

  it('is refused without the scrape token, with a problem naming what it needs', async () => {
    for (const url of Object.values(stack.urls)) {
      const reply = await call('GET', `${url}/metrics`);
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body.detail).toContain('METRICS_TOKEN');
    }
  });

  it('moves as a story goes through: requests by route, relayed events, handled events, an empty backlog, no lag; no story id in any label', async () => {
    const { ingestion, editorial, publication } = stack.urls;
    const before = await scrape(ingestion);
    const submittedBefore = sample(before.families, 'newsroom_http_request_duration_seconds_count', { route: '/v1/drafts', status: '201' });

    const journalist = await tokenFor(`lea-${randomUUID()}`, 'Léa Moreau', ['journalist']);
    const editor = await tokenFor(`marc-${randomUUID()}`, 'Marc Durand', ['editor']);
    const draft = await call('POST', `${ingestion}/v1/drafts`, {
      token: journalist,
      body: {
        headline: 'À Rennes, le métro « tient ses délais »',
        body: '<p>La ligne b ouvre en juin, d’après la métropole.</p>',
        language: 'fr',
      },
    });
    expect(draft.status).toBe(201);
    const id: string = draft.body.id;
    await eventually(async () =>
      (await call('GET', `${editorial}/v1/reviews/${id}`, { token: editor })).status === 200 ? true : undefined,
    );
    expect((await call('POST', `${editorial}/v1/reviews/${id}/approve`, { token: editor, body: { revision: 1 } })).status).toBe(200);
    await eventually(async () => ((await call('GET', `${publication}/v1/articles/${id}`)).status === 200 ? true : undefined));
    await eventually(async () =>
      (await call('GET', `${ingestion}/v1/drafts/${id}`, { token: journalist })).body.status === 'published' ? true : undefined,
    );

    // The last hop (ingestion hearing of the article) may commit its offset a moment after its effect shows.
    const settled = await eventually(async () => {
      const all = await Promise.all(Object.values(stack.urls).map(scrape));
      const quiet = all.every(({ families }) => {
        const lags = families.filter((family) => family.name === 'newsroom_consumer_lag_messages').flatMap((family) => family.metrics);
        return (
          lags.length > 0 && lags.every((metric) => Number(metric.value) === 0) && sample(families, 'newsroom_outbox_unsent_events') === 0
        );
      });
      return quiet ? all : undefined;
    });
    expect(settled).toBeDefined();
    const [atIngestion, atEditorial, atPublication] = settled!;

    const submitted = sample(atIngestion.families, 'newsroom_http_request_duration_seconds_count', {
      method: 'POST',
      route: '/v1/drafts',
      status: '201',
    });
    expect(submitted).toBe((submittedBefore ?? 0) + 1);
    expect(
      sample(atEditorial.families, 'newsroom_http_request_duration_seconds_count', { route: '/v1/reviews/:id/approve', status: '200' }),
    ).toBe(1);
    // Which instance's relay sends depends on who holds the schema's relay lock (other suites' services share
    // this database), so only its presence is checked here; the fault suite, alone on its database, counts it.
    for (const { families } of settled!) expect(sample(families, 'newsroom_outbox_relayed_events_total')).toBeGreaterThanOrEqual(0);
    expect(
      sample(atEditorial.families, 'newsroom_consumer_handler_duration_seconds_count', { topic: 'newsroom.drafts.v1', outcome: 'handled' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(atPublication.families, 'newsroom_consumer_handler_duration_seconds_count', {
        topic: 'newsroom.reviews.v1',
        outcome: 'handled',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(atIngestion.families, 'newsroom_consumer_handler_duration_seconds_count', {
        topic: 'newsroom.articles.v1',
        outcome: 'handled',
      }),
    ).toBeGreaterThanOrEqual(1);
    for (const { families } of settled!) {
      expect(sample(families, 'newsroom_outbox_oldest_unsent_age_seconds')).toBe(0);
      // The process, as Prometheus's own clients name it.
      expect(sample(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(sample(families, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    }
    for (const { text } of settled!) expect(text).not.toContain(id);
  });
});
