import {
  allContracts,
  contractFor,
  fromKafkaMessage,
  InvalidPayloadError,
  MAX_EVENT_BYTES,
  MalformedEventError,
  Topics,
} from '@newsroom/contracts';
import {
  consumedType,
  jsonOfSize,
  OVERSIZE_VALUE_BYTES,
  POISON_KINDS,
  poisonMessage,
  PoisonKind,
  PROBE_HEADER,
  validPayload,
} from './poison';

const asBuffers = (message: ReturnType<typeof poisonMessage>) => ({
  key: Buffer.from(String(message.key)),
  value: Buffer.from(String(message.value)),
  headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.from(String(value))])),
});

/** How the services would refuse the message: the same reading and checking their transport does. */
function refusal(topic: string, kind: PoisonKind): Error | undefined {
  try {
    const event = fromKafkaMessage(asBuffers(poisonMessage(topic, kind, `run:${topic}:${kind}`)));
    const contract = contractFor(event.type);
    if (!contract) return new MalformedEventError(`ce_type ${event.type} is not a Newsroom event type`);
    contract.parse(event.data);
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

describe('poison messages', () => {
  // The topics that carry events (the compacted latest-state topic carries documents, and no service reads it).
  const topics = Object.values(Topics).filter((topic) => allContracts().some((contract) => contract.topic === topic));

  it.each(topics)('on %s, each kind is refused as never processable, and for its own reason', (topic) => {
    const reasons = Object.fromEntries(POISON_KINDS.map((kind) => [kind, refusal(topic, kind)]));
    for (const error of Object.values(reasons))
      expect(error instanceof MalformedEventError || error instanceof InvalidPayloadError).toBe(true);
    expect(reasons['not-json']?.message).toMatch(/^the value is not JSON/);
    expect(reasons['unknown-type']?.message).toBe('ce_type newsroom.story.teleported.v1 is not a Newsroom event type');
    expect(reasons['schema-failing']).toBeInstanceOf(InvalidPayloadError);
    expect(reasons['missing-id']?.message).toBe('header ce_id is missing');
    expect(reasons.oversize?.message).toBe(`the value is ${OVERSIZE_VALUE_BYTES} bytes, over the ${MAX_EVENT_BYTES}-byte event limit`);
  });

  it.each(topics)('on %s, the missing-id payload would pass its contract, so only the header is wrong', (topic) => {
    const type = consumedType(topic);
    expect(() => contractFor(type)!.parse(validPayload(type, '44444444-4444-4444-8444-444444444444'))).not.toThrow();
  });

  it('carries the probe header and a key of its own on every message', () => {
    const message = poisonMessage(Topics.reviews, 'oversize', 'run-1:newsroom.reviews.v1:oversize');
    expect(message.headers?.[PROBE_HEADER]).toBe('run-1:newsroom.reviews.v1:oversize');
    expect(message.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(message.headers?.ce_subject).toBe(message.key);
  });

  it('sizes the oversize value exactly, between the event limit and the broker limit', () => {
    const value = jsonOfSize(OVERSIZE_VALUE_BYTES);
    expect(Buffer.byteLength(value)).toBe(OVERSIZE_VALUE_BYTES);
    expect(OVERSIZE_VALUE_BYTES).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(OVERSIZE_VALUE_BYTES).toBeLessThan(1_048_588 - 1_000);
    expect(() => JSON.parse(value)).not.toThrow();
  });
});
