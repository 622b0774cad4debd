import { allContracts, EventContract, JsonSchema } from './events/event-contract';
import { NINJS_SCHEMA_URI } from './ninjs/ninjs';
import { COMPACTED_TOPICS, deadLetterTopic, Topic, TopicOwners, Topics } from './topics';

/** Where `docs/asyncapi.yaml` finds the vendored official ninjs schema, relative to itself. */
export const NINJS_SCHEMA_FILE_FROM_DOCS = '../libs/contracts/src/ninjs/ninjs-schema_3.1.json';

/** The services that read each topic (from their definitions), each with a dead-letter topic of its own. */
export type TopicReaders = Record<string, readonly string[]>;

const storyKey = { type: 'string', format: 'uuid', description: 'the story id: all of a story is on one partition, in order' };
const channelId = (address: string) =>
  address
    .replace(/^newsroom\./, '')
    .replace(/\.v\d+$/, '')
    .replace(/\./g, '-');
const messageId = (type: string) => type.replace(/^newsroom\./, '').replace(/\./g, '-');

/** A schema as AsyncAPI embeds it: without `$schema`, the official ninjs schema by reference to the vendored file. */
function embedded(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) => {
      if (key === '$schema') return undefined;
      return key === '$ref' && value === NINJS_SCHEMA_URI ? NINJS_SCHEMA_FILE_FROM_DOCS : value;
    }),
  ) as JsonSchema;
}

/** The CloudEvents binary-mode headers every Newsroom event carries, `ce_type` and `ce_source` fixed for its type. */
function cloudEventHeaders(contract: EventContract<unknown>): JsonSchema {
  const owner = TopicOwners[contract.topic as Topic];
  return {
    type: 'object',
    properties: {
      ce_specversion: { const: '1.0' },
      ce_id: { type: 'string', format: 'uuid', description: 'unique per event; a redelivery keeps it: deduplicate on it' },
      ce_source: { const: owner, description: 'the one service that writes this topic' },
      ce_type: { const: contract.type },
      ce_time: { type: 'string', format: 'date-time' },
      ce_subject: { type: 'string', format: 'uuid', description: 'the story id, as the key' },
      ce_dataschema: { const: contract.dataschema, description: 'the URI of the payload schema' },
      'content-type': { const: 'application/json' },
    },
    required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_subject', 'ce_dataschema', 'content-type'],
  };
}

const deadLetterHeaders: JsonSchema = {
  type: 'object',
  description: 'the refused message unchanged (key, value, headers), with where it was read and why it was refused',
  properties: {
    dlq_reason: { type: 'string' },
    dlq_topic: { type: 'string' },
    dlq_partition: { type: 'string', pattern: '^[0-9]+$' },
    dlq_offset: { type: 'string', pattern: '^[0-9]+$' },
    dlq_consumer: { type: 'string', description: 'the consumer group that refused it' },
  },
  required: ['dlq_reason', 'dlq_topic', 'dlq_partition', 'dlq_offset', 'dlq_consumer'],
};

const kafkaTopic = (topic: string, compacted: boolean) => ({
  kafka: { bindingVersion: '0.5.0', topic, topicConfiguration: { 'cleanup.policy': [compacted ? 'compact' : 'delete'] } },
});
const ref = (path: string) => ({ $ref: path });

/**
 * The AsyncAPI 3.0 document of every Newsroom topic, from the contracts: each event type a
 * message with its CloudEvents headers, its key and its payload schema; the compacted topic of
 * latest documents; each reader's dead-letter topic. Deterministic: the same contracts, the same document.
 */
export function asyncApiDocument(readers: TopicReaders): Record<string, unknown> {
  const contracts = allContracts().sort((a, b) => a.type.localeCompare(b.type));
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  for (const contract of contracts) {
    messages[messageId(contract.type)] = {
      name: contract.type,
      title: contract.type,
      contentType: 'application/json',
      headers: cloudEventHeaders(contract),
      payload: embedded(contract.schema),
      bindings: { kafka: { bindingVersion: '0.5.0', key: storyKey } },
    };
  }
  const latest = {
    name: 'latest-article',
    title: 'The latest public document of a story, or a tombstone',
    summary: 'the value of the article event that made it, with that event’s CloudEvents headers; null once unpublished or killed',
    contentType: 'application/json',
    payload: { anyOf: [ref(NINJS_SCHEMA_FILE_FROM_DOCS), { type: 'null' }] },
    bindings: { kafka: { bindingVersion: '0.5.0', key: storyKey } },
  };
  messages['latest-article'] = latest;

  for (const topic of Object.values(Topics)) {
    const id = channelId(topic);
    const compacted = COMPACTED_TOPICS.includes(topic);
    const own = compacted ? ['latest-article'] : contracts.filter((c) => c.topic === topic).map((c) => messageId(c.type));
    channels[id] = {
      address: topic,
      description: compacted
        ? 'compacted (cleanup.policy=compact): one record per story, its current state'
        : `written by ${TopicOwners[topic]}`,
      messages: Object.fromEntries(own.map((name) => [name, ref(`#/components/messages/${name}`)])),
      bindings: kafkaTopic(topic, compacted),
    };
    const writer = TopicOwners[topic].split('/').pop()!;
    operations[`${writer}-sends-${id}`] = { action: 'send', channel: ref(`#/channels/${id}`), summary: `${writer} writes ${topic}` };

    for (const reader of [...(readers[topic] ?? [])].sort()) {
      operations[`${reader}-receives-${id}`] = { action: 'receive', channel: ref(`#/channels/${id}`), summary: `${reader} reads ${topic}` };
      const dlq = deadLetterTopic(topic, reader);
      const dlqId = `${id}-${reader}-dlq`;
      const refused = `${dlqId}-message`;
      messages[refused] = {
        name: refused,
        title: `What ${reader} refused from ${topic}`,
        headers: deadLetterHeaders,
        payload: { description: `the value as it was on ${topic}, possibly not JSON` },
        bindings: { kafka: { bindingVersion: '0.5.0', key: { type: 'string', description: 'the key as it was' } } },
      };
      channels[dlqId] = {
        address: dlq,
        description: `dead letters: what ${reader} can never process from ${topic}`,
        messages: { [refused]: ref(`#/components/messages/${refused}`) },
        bindings: kafkaTopic(dlq, false),
      };
      operations[`${reader}-sends-${dlqId}`] = {
        action: 'send',
        channel: ref(`#/channels/${dlqId}`),
        summary: `${reader} dead-letters to ${dlq}`,
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Newsroom events',
      version: '1.0.0',
      description:
        'Generated from libs/contracts by `npm run asyncapi`; do not edit. CloudEvents 1.0 in Kafka binary mode, see docs/events.md.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'the local broker of `npm run stack`' } },
    channels,
    operations,
    components: { messages },
  };
}
