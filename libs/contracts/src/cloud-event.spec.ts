import { fromKafkaMessage, MalformedEventError, MAX_EVENT_BYTES, newCloudEvent, OversizeEventError, toKafkaRecord } from './cloud-event';

const event = newCloudEvent({
  source: '/newsroom/publication',
  type: 'newsroom.article.published.v1',
  subject: '6f1c7f0e-5d5b-4a8e-9a55-0d7e7d1e2a11',
  data: { headline: 'Qu’a-t-il dit ? « Rien » — Élise\u00a0!' },
});

const asMessage = (record: ReturnType<typeof toKafkaRecord>) => ({
  key: Buffer.from(record.key),
  value: Buffer.from(record.value),
  headers: Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value)])),
});

describe('CloudEvents on Kafka (binary content mode)', () => {
  it('keys the record by the story and carries the attributes as ce_ headers', () => {
    const record = toKafkaRecord(event);
    expect(record.key).toBe(event.subject);
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/newsroom/publication',
      ce_type: 'newsroom.article.published.v1',
      ce_time: event.time,
      ce_subject: event.subject,
      'content-type': 'application/json',
    });
    expect(JSON.parse(record.value)).toEqual(event.data);
  });

  it('reads back exactly the event it wrote, text byte for byte', () => {
    expect(fromKafkaMessage(asMessage(toKafkaRecord(event)))).toEqual(event);
  });

  describe('the distributed-tracing extension', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    it('carries the trace context as ce_traceparent and ce_tracestate, and reads it back', () => {
      const traced = { ...event, traceparent, tracestate: 'newsroom=1' };
      const record = toKafkaRecord(traced);
      expect(record.headers.ce_traceparent).toBe(traceparent);
      expect(record.headers.ce_tracestate).toBe('newsroom=1');
      expect(fromKafkaMessage(asMessage(record))).toEqual(traced);
    });

    it('adds no header when the event has no trace context', () => {
      expect(Object.keys(toKafkaRecord(event).headers)).not.toContain('ce_traceparent');
    });

    it.each(['', 'garbage', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', `${traceparent}\r\nx: y`, 'x'.repeat(10_000)])(
      'reads an event whose ce_traceparent is malformed (%j) as one without a trace, never refusing it',
      (bad) => {
        const message = asMessage(toKafkaRecord(event));
        message.headers.ce_traceparent = Buffer.from(bad);
        const read = fromKafkaMessage(message);
        expect(read).toEqual(event);
        expect(read).not.toHaveProperty('traceparent');
      },
    );
  });

  it.each([
    ['a missing ce_id', (m: ReturnType<typeof asMessage>) => delete m.headers.ce_id, 'header ce_id is missing'],
    [
      'another spec version',
      (m: ReturnType<typeof asMessage>) => (m.headers.ce_specversion = Buffer.from('0.3')),
      'ce_specversion 0.3 is not 1.0',
    ],
    ['a value that is not JSON', (m: ReturnType<typeof asMessage>) => (m.value = Buffer.from('{oops')), /^the value is not JSON/],
    [
      'a value over the event limit',
      (m: ReturnType<typeof asMessage>) => (m.value = Buffer.from(JSON.stringify({ filler: 'é'.repeat(MAX_EVENT_BYTES / 2) }))),
      `the value is ${MAX_EVENT_BYTES + 13} bytes, over the ${MAX_EVENT_BYTES}-byte event limit`,
    ],
  ])('refuses %s as malformed', (_, spoil, reason) => {
    const message = asMessage(toKafkaRecord(event));
    spoil(message);
    expect(() => fromKafkaMessage(message)).toThrow(MalformedEventError);
    expect(() => fromKafkaMessage(message)).toThrow(reason);
  });

  it('refuses to build a record over the event limit, naming its type, subject and size', () => {
    const huge = { ...event, data: { body: 'x'.repeat(MAX_EVENT_BYTES) } };
    expect(() => toKafkaRecord(huge)).toThrow(OversizeEventError);
    expect(() => toKafkaRecord(huge)).toThrow(`${event.type} for ${event.subject} is ${MAX_EVENT_BYTES + 11} bytes`);
  });
});
