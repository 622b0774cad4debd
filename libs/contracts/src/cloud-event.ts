import { randomUUID } from 'node:crypto';

/**
 * A CloudEvents 1.0 event as Newsroom puts it on Kafka (binary content mode): the attributes
 * travel as `ce_*` headers, the value is the JSON data, the key is the story id.
 */
export interface CloudEvent<T = unknown> {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  data: T;
  /**
   * The CloudEvents distributed-tracing extension: the W3C trace context of the action that caused
   * the event (`ce_traceparent`, `ce_tracestate`). Optional; absent when tracing is off.
   */
  traceparent?: string;
  tracestate?: string;
}

export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const CloudEventHeaders = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  traceparent: 'ce_traceparent',
  tracestate: 'ce_tracestate',
} as const;

/** W3C trace context, version 00 (or a later version, read as 00 reads it). */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE_MAX = 512;

/** The event's trace context as headers; a malformed one is dropped, never sent on. */
function traceHeaders(event: Pick<CloudEvent, 'traceparent' | 'tracestate'>): Record<string, string> {
  if (!event.traceparent || !TRACEPARENT.test(event.traceparent)) return {};
  const headers: Record<string, string> = { [CloudEventHeaders.traceparent]: event.traceparent };
  if (event.tracestate && event.tracestate.length <= TRACESTATE_MAX) headers[CloudEventHeaders.tracestate] = event.tracestate;
  return headers;
}

export function newCloudEvent<T>(fields: Pick<CloudEvent<T>, 'source' | 'type' | 'subject' | 'data'>): CloudEvent<T> {
  return { id: randomUUID(), time: new Date().toISOString(), ...fields };
}

/**
 * The largest event value, in bytes, that Newsroom produces or accepts. It sits under the broker's
 * default per-message limit (1,048,588 bytes with the record overhead), so an event that was
 * written to an outbox can always be sent, and a dead letter (the value plus a few headers) fits.
 */
export const MAX_EVENT_BYTES = 1_000_000;

/** An event too large to be a Kafka message; refused when it is built, so it never reaches an outbox. */
export class OversizeEventError extends Error {
  override readonly name = 'OversizeEventError';
}

export function toKafkaRecord(event: CloudEvent): KafkaRecord {
  const value = JSON.stringify(event.data);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    throw new OversizeEventError(`${event.type} for ${event.subject} is ${bytes} bytes, over the ${MAX_EVENT_BYTES}-byte event limit`);
  }
  return {
    key: event.subject,
    value,
    headers: {
      [CloudEventHeaders.specversion]: '1.0',
      [CloudEventHeaders.id]: event.id,
      [CloudEventHeaders.source]: event.source,
      [CloudEventHeaders.type]: event.type,
      [CloudEventHeaders.time]: event.time,
      [CloudEventHeaders.subject]: event.subject,
      [CloudEventHeaders.contentType]: 'application/json',
      ...traceHeaders(event),
    },
  };
}

/** Why a Kafka message is not a Newsroom event; such a message is never retried. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function headerText(headers: RawHeaders, name: string): string | undefined {
  const raw = headers[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

/** Reads a CloudEvent back from a Kafka message's key, value and headers. */
export function fromKafkaMessage(message: { key: Buffer | null; value: Buffer | null; headers?: RawHeaders }): CloudEvent {
  const headers = message.headers ?? {};
  const attribute = (name: keyof typeof CloudEventHeaders): string => {
    const value = headerText(headers, CloudEventHeaders[name]);
    if (!value) throw new MalformedEventError(`header ${CloudEventHeaders[name]} is missing`);
    return value;
  };
  const specversion = attribute('specversion');
  if (specversion !== '1.0') throw new MalformedEventError(`ce_specversion ${specversion} is not 1.0`);
  if (!message.value) throw new MalformedEventError('the message has no value');
  if (message.value.length > MAX_EVENT_BYTES) {
    throw new MalformedEventError(`the value is ${message.value.length} bytes, over the ${MAX_EVENT_BYTES}-byte event limit`);
  }
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch (err) {
    throw new MalformedEventError(`the value is not JSON: ${(err as Error).message}`);
  }
  // Tracing is a courtesy: a missing or malformed trace context is ignored, never a reason to refuse the event.
  const trace = traceHeaders({
    traceparent: headerText(headers, CloudEventHeaders.traceparent),
    tracestate: headerText(headers, CloudEventHeaders.tracestate),
  });
  return {
    id: attribute('id'),
    source: attribute('source'),
    type: attribute('type'),
    time: attribute('time'),
    subject: headerText(headers, CloudEventHeaders.subject) ?? message.key?.toString() ?? '',
    data,
    ...(trace[CloudEventHeaders.traceparent] && { traceparent: trace[CloudEventHeaders.traceparent] }),
    ...(trace[CloudEventHeaders.tracestate] && { tracestate: trace[CloudEventHeaders.tracestate] }),
  };
}
