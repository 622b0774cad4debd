import { CloudEvent as SdkEvent, HTTP, Kafka, KafkaMessage } from 'cloudevents';
import { createEvent, DraftWithdrawn, isTopicOwner, TopicOwners, Topics } from '.';
import { fromKafkaMessage, newCloudEvent, toKafkaRecord, toStructuredJson } from './cloud-event';

// The official CloudEvents SDK's Kafka binding, both ways: what Newsroom writes, the SDK reads;
// what the SDK writes, in either content mode, Newsroom reads.
const storyId = '6f1c7f0e-5d5b-4a8e-9a55-0d7e7d1e2a11';
const data = { headline: 'Qu’a-t-il dit\u00a0? «\u00a0Rien\u00a0» — Élise\u202f!', wordCount: 3 };

const toBuffers = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, Buffer.from(String(value))]),
  );

describe('CloudEvents: the official SDK’s HTTP binding, structured mode, as webhooks send events', () => {
  it('reads the JSON format Newsroom writes, attributes and text byte for byte', () => {
    const ours = {
      ...newCloudEvent({ source: 'urn:newsroom:publication', type: 'newsroom.article.published.v1', subject: storyId, data }),
      dataschema: 'urn:x',
    };
    const read = HTTP.toEvent({
      headers: { 'content-type': 'application/cloudevents+json' },
      body: toStructuredJson(ours),
    }) as SdkEvent<unknown>;
    expect(read.validate()).toBe(true);
    expect({
      id: read.id,
      source: read.source,
      type: read.type,
      subject: read.subject,
      time: read.time,
      dataschema: read.dataschema,
    }).toEqual({
      id: ours.id,
      source: ours.source,
      type: ours.type,
      subject: storyId,
      time: ours.time,
      dataschema: 'urn:x',
    });
    expect(read.data).toEqual(data);
  });
});

describe('CloudEvents: the official SDK’s Kafka binding', () => {
  it('reads the events Newsroom writes, attributes and text byte for byte', () => {
    const ours = newCloudEvent({ source: '/newsroom/publication', type: 'newsroom.article.published.v1', subject: storyId, data });
    const record = toKafkaRecord(ours);
    const message: KafkaMessage<string> = { key: record.key, value: record.value, headers: record.headers, body: record.value };
    const read = Kafka.toEvent(message) as SdkEvent<unknown>;
    expect(read.validate()).toBe(true);
    expect({
      id: read.id,
      source: read.source,
      type: read.type,
      subject: read.subject,
      time: read.time,
      specversion: read.specversion,
    }).toEqual({
      id: ours.id,
      source: ours.source,
      type: ours.type,
      subject: storyId,
      time: ours.time,
      specversion: '1.0',
    });
    expect(read.datacontenttype).toBe('application/json');
    expect(read.data).toEqual(data);
  });

  it('finds a URI for source and a dataschema naming the payload schema on the events the services create', () => {
    const withdrawn = createEvent(DraftWithdrawn, TopicOwners[Topics.drafts], storyId, {
      storyId,
      revision: 1,
      by: { id: 'journalist-7', name: 'Élodie Lefèvre' },
      at: '2026-03-14T09:30:00Z',
    });
    const record = toKafkaRecord(withdrawn);
    const read = Kafka.toEvent({
      key: record.key,
      value: record.value,
      headers: record.headers,
      body: record.value,
    } as KafkaMessage<string>) as SdkEvent<unknown>;
    expect(read.validate()).toBe(true);
    expect(read.source).toBe('urn:newsroom:ingestion');
    expect(read.dataschema).toBe('urn:newsroom:schema:newsroom.draft.withdrawn.v1');
    expect(
      fromKafkaMessage({ key: Buffer.from(record.key), value: Buffer.from(record.value), headers: toBuffers(record.headers) }),
    ).toEqual(withdrawn);
    // Events written before the URNs, still in the logs, keep being accepted from their writer.
    expect(isTopicOwner(Topics.drafts, '/newsroom/ingestion')).toBe(true);
    expect(isTopicOwner(Topics.drafts, 'urn:newsroom:editorial')).toBe(false);
  });

  const sdkEvent = new SdkEvent({
    source: '/newsroom/ingestion',
    type: 'newsroom.draft.withdrawn.v1',
    subject: storyId,
    datacontenttype: 'application/json',
    data,
  });

  it('is read when the SDK writes it in binary mode', () => {
    const message = Kafka.binary(sdkEvent);
    const value = typeof message.value === 'string' ? message.value : JSON.stringify(message.value);
    const read = fromKafkaMessage({ key: Buffer.from(storyId), value: Buffer.from(value), headers: toBuffers(message.headers) });
    expect(read).toEqual({ id: sdkEvent.id, source: sdkEvent.source, type: sdkEvent.type, subject: storyId, time: sdkEvent.time, data });
  });

  it('is read when the SDK writes it in structured mode (the whole event as the value)', () => {
    const message = Kafka.structured(sdkEvent);
    expect(message.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    const read = fromKafkaMessage({ key: Buffer.from(storyId), value: Buffer.from(message.value), headers: toBuffers(message.headers) });
    expect(read).toEqual({ id: sdkEvent.id, source: sdkEvent.source, type: sdkEvent.type, subject: storyId, time: sdkEvent.time, data });
    expect(Buffer.from(JSON.stringify(read.data)).equals(Buffer.from(JSON.stringify(data)))).toBe(true);
  });

  it('accepts an event without time, as the spec allows: the record’s timestamp stands in', () => {
    const record = toKafkaRecord(
      newCloudEvent({ source: '/newsroom/ingestion', type: 'newsroom.draft.withdrawn.v1', subject: storyId, data }),
    );
    const { ce_time: _time, ...headers } = record.headers;
    const timestamp = String(Date.UTC(2026, 2, 14, 9, 30));
    const read = fromKafkaMessage({
      key: Buffer.from(record.key),
      value: Buffer.from(record.value),
      headers: toBuffers(headers),
      timestamp,
    });
    expect(read.time).toBe('2026-03-14T09:30:00.000Z');

    const structured = JSON.stringify({
      specversion: '1.0',
      id: 'a-1',
      source: 'urn:partner:wire',
      type: 'newsroom.draft.withdrawn.v1',
      data,
    });
    const fromStructured = fromKafkaMessage({
      key: Buffer.from(storyId),
      value: Buffer.from(structured),
      headers: toBuffers({ 'content-type': 'application/cloudevents+json; charset=UTF-8' }),
      timestamp,
    });
    expect(fromStructured).toEqual({
      id: 'a-1',
      source: 'urn:partner:wire',
      type: 'newsroom.draft.withdrawn.v1',
      subject: storyId,
      time: '2026-03-14T09:30:00.000Z',
      data,
    });
  });

  it('refuses a structured event whose data is not JSON, or that lacks an attribute', () => {
    const headers = toBuffers({ 'content-type': 'application/cloudevents+json' });
    const base = { specversion: '1.0', id: 'a-1', source: 'urn:partner:wire', type: 'newsroom.draft.withdrawn.v1' };
    const read = (event: object) => () => fromKafkaMessage({ key: null, value: Buffer.from(JSON.stringify(event)), headers });
    expect(read({ ...base, data_base64: 'AAEC' })).toThrow('not JSON');
    expect(read({ ...base, datacontenttype: 'text/plain', data: 'x' })).toThrow('text/plain, not JSON');
    expect(read({ ...base, id: undefined })).toThrow('attribute id is missing');
    expect(read([base])).toThrow('not a CloudEvents JSON object');
  });
});
