import { randomUUID } from 'node:crypto';
import { call, NewsroomStack, tokenFor } from './support/newsroom-stack';
import { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver';
import { killLeftoverServices } from './support/service-process';
import { eventually } from './support/test-env';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

describe('Tracing: one trace per story action, across the three services and Kafka', () => {
  let receiver: OtlpReceiver;
  let stack: NewsroomStack;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    // From the topics' end: after a full suite, replaying every earlier event would bury this one's spans. On a database
    // of its own: another suite's editorial sharing the outbox could relay the approval, and its span would be lost.
    stack = await NewsroomStack.start(
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' },
      { fromTopicEnd: true, database: 'newsroom_tracing' },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    killLeftoverServices();
    await receiver?.stop();
  });

  const find = (spans: ReceivedSpan[], service: string, kind: number, name: string) =>
    spans.find((span) => span.service === `newsroom-${service}` && span.kind === kind && span.name === name);

  it('follows an approval from the editor’s request through editorial’s outbox and relay, publication’s handler and relay, to ingestion', async () => {
    const { ingestion, editorial, publication } = stack.urls;
    const journalist = await tokenFor(`lea-${randomUUID()}`, 'Léa Moreau', ['journalist']);
    const editor = await tokenFor(`marc-${randomUUID()}`, 'Marc Durand', ['editor']);
    const draft = await call('POST', `${ingestion}/v1/drafts`, {
      token: journalist,
      body: { headline: 'À Brest, « la rade » s’illumine', body: '<p>Le port fête ses 800\u00a0ans.</p>', language: 'fr' },
    });
    expect(draft.status).toBe(201);
    const id: string = draft.body.id;
    await eventually(async () =>
      (await call('GET', `${editorial}/v1/reviews/${id}`, { token: editor })).status === 200 ? true : undefined,
    );
    const approval = await call('POST', `${editorial}/v1/reviews/${id}/approve`, { token: editor, body: { revision: 1 } });
    expect(approval.status).toBe(200);
    await eventually(async () => ((await call('GET', `${publication}/v1/articles/${id}`)).status === 200 ? true : undefined));
    await eventually(async () =>
      (await call('GET', `${ingestion}/v1/drafts/${id}`, { token: journalist })).body.status === 'published' ? true : undefined,
    );

    const root = await eventually(() =>
      receiver.spans.find(
        (span) =>
          span.service === 'newsroom-editorial' &&
          span.kind === SERVER &&
          span.name === 'POST /v1/reviews/:id/approve' &&
          span.attributes['http.response.status_code'] === 200,
      ),
    );
    expect(root).toBeDefined();
    expect(root!.parentSpanId).toBeUndefined();

    // Each hop of the approval's trace: the service, the span kind and the span's name.
    const hopSpans = {
      editorialRelay: ['editorial', PRODUCER, 'publish newsroom.reviews.v1'],
      publicationHandler: ['publication', CONSUMER, 'process newsroom.review.approved.v1'],
      publicationRelay: ['publication', PRODUCER, 'publish newsroom.articles.v1'],
      ingestionHandler: ['ingestion', CONSUMER, 'process newsroom.article.published.v1'],
    } as const;
    type Hop = keyof typeof hopSpans;
    const hops = await eventually(() => {
      const spans = receiver.trace(root!.traceId);
      const found = Object.fromEntries(
        Object.entries(hopSpans).map(([hop, [service, kind, name]]) => [hop, find(spans, service, kind, name)]),
      ) as Record<Hop, ReceivedSpan | undefined>;
      return Object.values(found).every(Boolean) ? { spans, ...found } : undefined;
    }, 30_000);
    if (!hops) {
      // What was seen instead: every span whose name is one of the hops', with its trace, so a failure says which hop broke off.
      const names = new Set<string>(Object.values(hopSpans).map(([, , name]) => name));
      const seen = receiver.spans
        .filter((span) => names.has(span.name))
        .map(({ service, name, traceId, spanId, parentSpanId }) => ({ service, name, traceId, spanId, parentSpanId }));
      console.log(
        `root ${root!.traceId}; its trace holds ${receiver
          .trace(root!.traceId)
          .map((span) => `${span.service} ${span.name}`)
          .join(', ')}; hop spans seen: ${JSON.stringify(seen, null, 1)}`,
      );
    }
    expect(hops).toBeDefined();
    const { spans, editorialRelay, publicationHandler, publicationRelay, ingestionHandler } = hops!;

    const byId = new Map(spans.map((span) => [span.spanId, span]));
    // Each span with when it started after the request's span, and how long it lasted (ms).
    const ms = (nanos: string) => Number(BigInt(nanos) / 1000n) / 1000;
    const timing = (span: ReceivedSpan) =>
      `+${(ms(span.startTimeUnixNano) - ms(root!.startTimeUnixNano)).toFixed(1)} ms, ${(ms(span.endTimeUnixNano) - ms(span.startTimeUnixNano)).toFixed(1)} ms`;
    const tree = (span: ReceivedSpan, indent = ''): string[] => [
      `${indent}${span.service} ${span.name} (${timing(span)})`,
      ...spans.filter((child) => child.parentSpanId === span.spanId).flatMap((child) => tree(child, `${indent}  `)),
    ];
    console.log(`trace ${root!.traceId}:\n${tree(root!).join('\n')}`);

    // Every span of the trace hangs from another span of the same trace, up to the editor's request.
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans.filter((one) => one !== root))
      expect({ span: span.name, parentKnown: ids.has(span.parentSpanId!) }).toEqual({ span: span.name, parentKnown: true });
    const ancestry = (span: ReceivedSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [...ancestry(parent), `${parent.service} ${parent.name}`] : [];
    };

    // The handler in the next service is the child of the relay's produce, which is a child of the outbox row's span.
    expect(publicationHandler!.parentSpanId).toBe(editorialRelay!.spanId);
    expect(byId.get(editorialRelay!.parentSpanId!)?.name).toBe('outbox append');
    expect(ancestry(editorialRelay!)[0]).toBe('newsroom-editorial POST /v1/reviews/:id/approve');
    expect(ingestionHandler!.parentSpanId).toBe(publicationRelay!.spanId);
    expect(ancestry(ingestionHandler!)).toEqual(
      expect.arrayContaining([
        'newsroom-editorial POST /v1/reviews/:id/approve',
        'newsroom-editorial publish newsroom.reviews.v1',
        'newsroom-publication process newsroom.review.approved.v1',
        'newsroom-publication outbox append',
        'newsroom-publication publish newsroom.articles.v1',
      ]),
    );
    expect(publicationHandler!.attributes).toMatchObject({
      'messaging.destination.name': 'newsroom.reviews.v1',
      'messaging.message.id': expect.any(String),
    });
    expect(new Set(spans.map((span) => span.service))).toEqual(
      new Set(['newsroom-editorial', 'newsroom-publication', 'newsroom-ingestion']),
    );

    // The submission is another action, so another trace.
    const submission = receiver.spans.find((span) => span.kind === SERVER && span.name === 'POST /v1/drafts');
    expect(submission).toBeDefined();
    expect(submission!.traceId).not.toBe(root!.traceId);
  });
});
