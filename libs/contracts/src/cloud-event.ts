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
  /** The URI of the data's schema (`ce_dataschema`); Newsroom's own events always carry it. */
  dataschema?: string;
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
  dataschema: 'ce_dataschema',
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
      ...(event.dataschema ? { [CloudEventHeaders.dataschema]: event.dataschema } : {}),
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

/** The media type of a structured-mode CloudEvent: the whole event, attributes and data, is the value. */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/**
 * The event in the CloudEvents JSON format (structured mode): attributes and data in one object, as
 * webhooks send it (`Content-Type: application/cloudevents+json`).
 */
export function toStructuredJson(event: CloudEvent): string {
  const trace = traceHeaders(event);
  return JSON.stringify({
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: event.time,
    datacontenttype: 'application/json',
    ...optional('dataschema', event.dataschema),
    ...optional('traceparent', trace[CloudEventHeaders.traceparent]),
    ...optional('tracestate', trace[CloudEventHeaders.tracestate]),
    data: event.data,
  });
}

type KafkaInput = { key: Buffer | null; value: Buffer | null; headers?: RawHeaders; timestamp?: string };

/** The Kafka record's own time (milliseconds since the epoch), standing in for an absent `time` attribute. */
function recordTime(message: KafkaInput): string {
  const millis = Number(message.timestamp);
  return new Date(Number.isFinite(millis) && message.timestamp ? millis : Date.now()).toISOString();
}

function jsonValue(message: KafkaInput): unknown {
  if (!message.value) throw new MalformedEventError('the message has no value');
  if (message.value.length > MAX_EVENT_BYTES) {
    throw new MalformedEventError(`the value is ${message.value.length} bytes, over the ${MAX_EVENT_BYTES}-byte event limit`);
  }
  try {
    return JSON.parse(message.value.toString('utf8'));
  } catch (err) {
    throw new MalformedEventError(`the value is not JSON: ${(err as Error).message}`);
  }
}

/**
 * Reads a CloudEvent back from a Kafka message, in either content mode the Kafka binding defines:
 * binary (attributes in `ce_*` headers, the data as the value), as Newsroom writes, or structured
 * (`content-type: application/cloudevents+json`, the whole event as the value). `time` is optional
 * in CloudEvents: when absent, the record's timestamp stands in; `subject` falls back to the key.
 */
export function fromKafkaMessage(message: KafkaInput): CloudEvent {
  const headers = message.headers ?? {};
  const contentType = headerText(headers, CloudEventHeaders.contentType) ?? '';
  if (contentType.split(';')[0].trim().toLowerCase() === STRUCTURED_CONTENT_TYPE) return fromStructured(message);
  const attribute = (name: keyof typeof CloudEventHeaders): string => {
    const value = headerText(headers, CloudEventHeaders[name]);
    if (!value) throw new MalformedEventError(`header ${CloudEventHeaders[name]} is missing`);
    return value;
  };
  const specversion = attribute('specversion');
  if (specversion !== '1.0') throw new MalformedEventError(`ce_specversion ${specversion} is not 1.0`);
  const data = jsonValue(message);
  // Tracing is a courtesy: a missing or malformed trace context is ignored, never a reason to refuse the event.
  const trace = traceHeaders({
    traceparent: headerText(headers, CloudEventHeaders.traceparent),
    tracestate: headerText(headers, CloudEventHeaders.tracestate),
  });
  return {
    id: attribute('id'),
    source: attribute('source'),
    type: attribute('type'),
    time: headerText(headers, CloudEventHeaders.time) || recordTime(message),
    subject: headerText(headers, CloudEventHeaders.subject) ?? message.key?.toString() ?? '',
    ...optional('dataschema', headerText(headers, CloudEventHeaders.dataschema)),
    data,
    ...(trace[CloudEventHeaders.traceparent] && { traceparent: trace[CloudEventHeaders.traceparent] }),
    ...(trace[CloudEventHeaders.tracestate] && { tracestate: trace[CloudEventHeaders.tracestate] }),
  };
}

const optional = <K extends string>(name: K, value: string | undefined) => (value ? ({ [name]: value } as Record<K, string>) : {});

/** The tracing extension from a structured event's attributes, dropped when malformed (as in binary mode). */
function traceAttributes(traceparent: unknown, tracestate: unknown): Pick<CloudEvent, 'traceparent' | 'tracestate'> {
  const trace = traceHeaders({
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
    tracestate: typeof tracestate === 'string' ? tracestate : undefined,
  });
  return {
    ...(trace[CloudEventHeaders.traceparent] && { traceparent: trace[CloudEventHeaders.traceparent] }),
    ...(trace[CloudEventHeaders.tracestate] && { tracestate: trace[CloudEventHeaders.tracestate] }),
  };
}

function fromStructured(message: KafkaInput): CloudEvent {
  const event = jsonValue(message);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new MalformedEventError('the structured-mode value is not a CloudEvents JSON object');
  }
  const fields = event as Record<string, unknown>;
  const attribute = (name: string, required = true): string | undefined => {
    const value = fields[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || !value) throw new MalformedEventError(`attribute ${name} is missing or not a string`);
    return value;
  };
  if (attribute('specversion') !== '1.0') throw new MalformedEventError(`specversion ${String(fields.specversion)} is not 1.0`);
  const dataContentType = attribute('datacontenttype', false);
  if (fields.data_base64 !== undefined || (dataContentType && !/^application\/(.+\+)?json\b/i.test(dataContentType))) {
    throw new MalformedEventError(`the data is ${dataContentType ?? 'base64'}, not JSON`);
  }
  return {
    id: attribute('id')!,
    source: attribute('source')!,
    type: attribute('type')!,
    time: attribute('time', false) ?? recordTime(message),
    subject: attribute('subject', false) ?? message.key?.toString() ?? '',
    ...optional('dataschema', attribute('dataschema', false)),
    data: fields.data,
    ...traceAttributes(fields.traceparent, fields.tracestate),
  };
}
