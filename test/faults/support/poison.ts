import { randomUUID } from 'node:crypto';
import type { Message, Producer } from 'kafkajs';
import {
  allContracts,
  ArticlePublished,
  CloudEventHeaders,
  DraftSubmitted,
  NINJS_SCHEMA_URI,
  ReviewApproved,
  topicOwner,
  Topics,
} from '@newsroom/contracts';

export const POISON_KINDS = ['not-json', 'unknown-type', 'schema-failing', 'missing-id', 'oversize'] as const;
export type PoisonKind = (typeof POISON_KINDS)[number];

export interface InjectedPoison {
  probe: string;
  kind: PoisonKind;
  topic: string;
}

/** The header the spec matches dead letters on; the services copy every header into the dead letter. */
export const PROBE_HEADER = 'fault_probe';

/** Over the services' 1,000,000-byte event limit, under the broker's default 1 MiB message limit. */
export const OVERSIZE_VALUE_BYTES = 1_030_000;

/** The type a service really consumes from each topic, so that a schema failure reaches its check. */
const CONSUMED_TYPE: Record<string, string> = {
  [Topics.drafts]: DraftSubmitted.type,
  [Topics.reviews]: ReviewApproved.type,
  [Topics.articles]: ArticlePublished.type,
};

export function consumedType(topic: string): string {
  const type = CONSUMED_TYPE[topic] ?? allContracts().find((contract) => contract.topic === topic)?.type;
  if (!type) throw new Error(`no Newsroom event type is carried on ${topic}`);
  return type;
}

/**
 * Data that passes the contract of `type`: the missing-id poison must be refused for its missing
 * header alone, and if that check ever broke, the event would visibly take effect.
 */
export function validPayload(type: string, storyId: string): unknown {
  const at = new Date().toISOString();
  const person = { id: 'fault-injector', name: 'Injecteur de fautes' };
  const content = {
    headline: 'Sonde : « cet événement n’a pas d’identifiant »',
    body: '<p>Un message déposé par la suite de tests de pannes ; il ne doit jamais être appliqué.</p>',
    language: 'fr',
    tags: [],
    byline: { name: 'Injecteur de fautes' },
    slug: `sonde-sans-identifiant-${storyId.slice(0, 8)}`,
    wordCount: 14,
  };
  if (type === DraftSubmitted.type) return { storyId, revision: 1, author: person, content, at };
  if (type === ReviewApproved.type) return { storyId, revision: 1, editor: person, at, author: person, content, submittedAt: at };
  if (type === ArticlePublished.type) {
    return {
      uri: `urn:newsroom:article:${storyId}`,
      standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
      type: 'text',
      representationType: 'full',
      version: '1',
      firstCreated: at,
      versionCreated: at,
      pubStatus: 'usable',
      language: 'fr',
      headlines: [{ role: 'main', contentType: 'text/plain', value: content.headline }],
      bodies: [{ role: 'main', contentType: 'text/html', value: content.body, wordCount: content.wordCount }],
    };
  }
  throw new Error(`no valid payload known for ${type}`);
}

/** A JSON object of exactly `bytes` bytes: one long ASCII string in one field. */
export function jsonOfSize(bytes: number): string {
  const frame = JSON.stringify({ filler: '' });
  return JSON.stringify({ filler: 'x'.repeat(Math.max(0, bytes - frame.length)) });
}

/** The record for one kind of poison; everything but what the kind breaks is a well-formed event. */
export function poisonMessage(topic: string, kind: PoisonKind, probe: string): Message {
  const key = randomUUID();
  const type = consumedType(topic);
  const headers: Record<string, string> = {
    [CloudEventHeaders.specversion]: '1.0',
    [CloudEventHeaders.id]: randomUUID(),
    // The owner's source, so that each poison is refused for what its kind breaks, not for who sent it.
    [CloudEventHeaders.source]: topicOwner(topic) ?? '/newsroom/fault-injector',
    [CloudEventHeaders.type]: type,
    [CloudEventHeaders.time]: new Date().toISOString(),
    [CloudEventHeaders.subject]: key,
    [CloudEventHeaders.contentType]: 'application/json',
    [PROBE_HEADER]: probe,
  };
  let value: string;
  switch (kind) {
    case 'not-json':
      value = '{"headline": « pas du JSON';
      break;
    case 'unknown-type':
      headers[CloudEventHeaders.type] = 'newsroom.story.teleported.v1';
      value = JSON.stringify(validPayload(type, key));
      break;
    case 'schema-failing':
      // The real type with the story id alone: every other required field is missing.
      value = JSON.stringify({ storyId: key });
      break;
    case 'missing-id':
      delete headers[CloudEventHeaders.id];
      value = JSON.stringify(validPayload(type, key));
      break;
    case 'oversize':
      value = jsonOfSize(OVERSIZE_VALUE_BYTES);
      break;
  }
  return { key, value, headers };
}

/** Puts one message of each poison kind on `topic`; returns what the spec should find dead-lettered. */
export async function injectPoison(producer: Producer, topic: string, run: string): Promise<InjectedPoison[]> {
  const injected: InjectedPoison[] = [];
  for (const kind of POISON_KINDS) {
    const probe = `${run}:${topic}:${kind}`;
    // One send per message: the oversize one next to another in a batch would push the batch over the broker's limit.
    await producer.send({ topic, acks: -1, messages: [poisonMessage(topic, kind, probe)] });
    injected.push({ probe, kind, topic });
  }
  return injected;
}
