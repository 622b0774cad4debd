import { randomUUID } from 'node:crypto';
import {
  CloudEvent,
  createEvent,
  dataschemaOf,
  deadLetterTopic,
  DraftSubmitted,
  newCloudEvent,
  registerContract,
  toKafkaRecord,
  Topics,
} from '@newsroom/contracts';
import { createKafka, EventPublisher, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { startServiceApp } from '@newsroom/platform';
import { Controller, INestApplication } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { KafkaMessage, Partitioners } from 'kafkajs';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { caughtUp } from './support/kafka-tap';
import { eventually, testConfig } from './support/test-env';

const PROBE_TYPE = 'newsroom.wiring.probe.v1';
const SLOW_TYPE = 'newsroom.wiring.slow.v1';
const BROKEN_TYPE = 'newsroom.wiring.broken.v1';
const FLAKY_TYPE = 'newsroom.wiring.flaky.v1';
// Test-only event types: the consumer refuses any type without a contract.
const [Probe, Slow, Broken, Flaky] = [PROBE_TYPE, SLOW_TYPE, BROKEN_TYPE, FLAKY_TYPE].map((type) =>
  registerContract({ type, topic: Topics.drafts, schema: {}, dataschema: dataschemaOf(type), parse: (data: unknown) => data }),
);
const slowWork = new Map<string, { started: number; finished?: number }>();
/** Per story: when each try of the broken or flaky handler happened. */
const tries = new Map<string, number[]>();
const flakyDone = new Set<string>();

interface Received {
  event: CloudEvent;
  key: string | undefined;
  headers: Record<string, string>;
  topic: string;
}
const received: Received[] = [];

/** Added to the editorial service for this test only: records what its consumer hands to handlers. */
@Controller()
class WiringProbe {
  @OnEvent(Probe)
  record(@Payload() event: CloudEvent, @Ctx() context: KafkaEventContext): void {
    const headers = Object.fromEntries(Object.entries(context.message.headers ?? {}).map(([name, value]) => [name, String(value)]));
    received.push({ event, key: context.message.key?.toString(), headers, topic: context.topic });
  }

  @OnEvent(Slow)
  async takeYourTime(@Payload() event: CloudEvent): Promise<void> {
    const work = { started: Date.now(), finished: undefined as number | undefined };
    slowWork.set(event.subject, work);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    work.finished = Date.now();
  }

  /** A bug: fails the same way on every try. */
  @OnEvent(Broken)
  broken(@Payload() event: CloudEvent): void {
    tries.set(event.subject, [...(tries.get(event.subject) ?? []), Date.now()]);
    throw new TypeError("Cannot read properties of undefined (reading 'headline')");
  }

  /** The database refusing twice (as while it restarts), then accepting. */
  @OnEvent(Flaky)
  flaky(@Payload() event: CloudEvent): void {
    const times = [...(tries.get(event.subject) ?? []), Date.now()];
    tries.set(event.subject, times);
    if (times.length <= 2) throw Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    flakyDone.add(event.subject);
  }
}

describe('events between services, through the broker', () => {
  let ingestion: INestApplication;
  let editorial: INestApplication;
  const editorialConfig = testConfig(editorialService);
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'wiring-test' });

  beforeAll(async () => {
    ingestion = await startServiceApp(ingestionService, testConfig(ingestionService));
    editorial = await startServiceApp(editorialService, editorialConfig, { controllers: [WiringProbe] });
    // Its group is new and reads the drafts topic from its beginning: every partition caught up before the tests
    // time what they send (after a full run, that is every earlier suite's drafts).
    expect(await caughtUp(editorialConfig.KAFKA_GROUP_ID, Topics.drafts)).toBe(true);
  }, 150_000);

  let editorialClosed = false;
  afterAll(async () => {
    await ingestion?.close();
    if (!editorialClosed) await editorial?.close();
  });

  const receivedFor = (storyId: string) => () => received.find((entry) => entry.event.subject === storyId);

  async function deadLetterFor(storyId: string): Promise<KafkaMessage | undefined> {
    const deadLetters: KafkaMessage[] = [];
    const reader = kafka.consumer({ groupId: `wiring-dlq-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopic(Topics.drafts, editorialService.name), fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
    // Editorial services of other suites share the dead-letter topic; only this one knows the probe types.
    const ours = (message: KafkaMessage) => message.headers?.dlq_consumer?.toString() === editorialConfig.KAFKA_GROUP_ID;
    const dead = await eventually(() => deadLetters.find((message) => message.key?.toString() === storyId && ours(message)));
    await reader.disconnect();
    return dead;
  }

  it("reach the other service's consumer with key, CloudEvents headers and data intact", async () => {
    const storyId = randomUUID();
    const data = { headline: 'L’été où « tout » a changé ? Émile répond', body: '<p>Déjà\u00a0vu ! 🗞️</p>' };
    const sent = newCloudEvent({ source: '/newsroom/ingestion', type: PROBE_TYPE, subject: storyId, data });

    await ingestion.get(EventPublisher).publish(Topics.drafts, [sent]);

    const got = await eventually(receivedFor(storyId));
    expect(got).toBeDefined();
    expect(got!.topic).toBe(Topics.drafts);
    expect(got!.key).toBe(storyId);
    expect(got!.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: sent.id,
      ce_source: '/newsroom/ingestion',
      ce_type: PROBE_TYPE,
      ce_time: sent.time,
      ce_subject: storyId,
      'content-type': 'application/json',
    });
    expect(got!.event).toEqual(sent);
    expect((got!.event.data as typeof data).headline).toBe(data.headline);
  });

  it('send a message that is not an event to the dead-letter topic, and the partition keeps moving', async () => {
    const storyId = randomUUID();
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({ topic: Topics.drafts, messages: [{ key: storyId, value: 'not json, no headers' }] });
    await raw.disconnect();
    const after = newCloudEvent({ source: '/newsroom/ingestion', type: PROBE_TYPE, subject: storyId, data: {} });
    await ingestion.get(EventPublisher).publish(Topics.drafts, [after]);

    expect((await eventually(receivedFor(storyId)))?.event.id).toBe(after.id);

    const dead = await deadLetterFor(storyId);

    expect(dead?.value?.toString()).toBe('not json, no headers');
    expect(dead?.headers?.dlq_reason?.toString()).toBe('header ce_specversion is missing');
    expect(dead?.headers?.dlq_topic?.toString()).toBe(Topics.drafts);
  });

  it.each([
    ['an unknown ce_type', { type: 'newsroom.draft.teleported.v1' }, 'ce_type newsroom.draft.teleported.v1 is not a Newsroom event type'],
    [
      'a payload that fails its schema',
      { data: { storyId: 'not-a-uuid' } },
      'newsroom.draft.submitted.v1 payload is invalid: storyId: must be a story id (a UUID)',
    ],
  ])('dead-letter %s with the reason, and the partition keeps moving', async (_, change, reason) => {
    const storyId = randomUUID();
    const valid = createEvent(DraftSubmitted, '/newsroom/ingestion', storyId, {
      storyId,
      revision: 1,
      author: { id: 'alice', name: 'Alice Martin' },
      content: {
        headline: 'Été',
        body: '<p>Été</p>',
        language: 'fr',
        tags: [],
        byline: { name: 'Alice Martin' },
        slug: 'ete',
        wordCount: 1,
      },
      at: new Date().toISOString(),
    });
    const poison = { ...valid, id: randomUUID(), ...change } as CloudEvent;
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({ topic: Topics.drafts, messages: [toKafkaRecord(poison)] });
    await raw.disconnect();
    const after = newCloudEvent({ source: '/newsroom/ingestion', type: PROBE_TYPE, subject: storyId, data: {} });
    await ingestion.get(EventPublisher).publish(Topics.drafts, [after]);

    expect((await eventually(receivedFor(storyId)))?.event.id).toBe(after.id);
    const dead = await deadLetterFor(storyId);
    expect(dead?.headers?.ce_id?.toString()).toBe(poison.id);
    expect(dead?.headers?.dlq_reason?.toString()).toContain(reason);
  });

  it('retry a handler that fails the same way with growing pauses, then dead-letter its event, and the partition moves on', async () => {
    const storyId = randomUUID();
    const doomed = newCloudEvent({ source: '/newsroom/ingestion', type: BROKEN_TYPE, subject: storyId, data: {} });
    const after = newCloudEvent({ source: '/newsroom/ingestion', type: PROBE_TYPE, subject: storyId, data: {} });
    await ingestion.get(EventPublisher).publish(Topics.drafts, [doomed, after]);

    expect((await eventually(receivedFor(storyId), 30_000))?.event.id).toBe(after.id);
    const times = tries.get(storyId)!;
    expect(times).toHaveLength(5);
    const pauses = times.slice(1).map((time, n) => time - times[n]);
    for (let n = 1; n < pauses.length; n++) expect(pauses[n]).toBeGreaterThan(pauses[n - 1]);
    const dead = await deadLetterFor(storyId);
    expect(dead?.headers?.ce_id?.toString()).toBe(doomed.id);
    expect(dead?.headers?.dlq_reason?.toString()).toBe(
      "the handler failed 5 times: Cannot read properties of undefined (reading 'headline')",
    );
  });

  it('retry a handler whose database refuses for a while until it succeeds, without dead-lettering the event', async () => {
    const storyId = randomUUID();
    const flaky = newCloudEvent({ source: '/newsroom/ingestion', type: FLAKY_TYPE, subject: storyId, data: {} });
    const after = newCloudEvent({ source: '/newsroom/ingestion', type: PROBE_TYPE, subject: storyId, data: {} });
    await ingestion.get(EventPublisher).publish(Topics.drafts, [flaky, after]);

    expect((await eventually(receivedFor(storyId)))?.event.id).toBe(after.id);
    expect(flakyDone.has(storyId)).toBe(true);
    expect(tries.get(storyId)).toHaveLength(3);
    // A poison message behind it, same key and so same partition: the first dead letter for the story must be that one.
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({ topic: Topics.drafts, messages: [{ key: storyId, value: 'marker, not an event' }] });
    await raw.disconnect();
    expect((await deadLetterFor(storyId))?.value?.toString()).toBe('marker, not an event');
  });

  it('finish the event in hand before the service stops', async () => {
    const storyId = randomUUID();
    await ingestion
      .get(EventPublisher)
      .publish(Topics.drafts, [newCloudEvent({ source: '/newsroom/ingestion', type: SLOW_TYPE, subject: storyId, data: {} })]);
    const work = await eventually(() => slowWork.get(storyId));
    expect(work?.finished).toBeUndefined();

    await editorial.close();
    editorialClosed = true;
    const closedAt = Date.now();

    expect(work!.finished).toBeDefined();
    expect(work!.finished!).toBeLessThanOrEqual(closedAt);
    // The handler's 1.5 s wait ran to its end (Node's timers may fire a millisecond early by Date.now()).
    expect(work!.finished! - work!.started).toBeGreaterThanOrEqual(1490);
  });
});
