import { randomUUID } from 'node:crypto';
import { CloudEvent } from '../cloud-event';

/** The data of an event does not match its type's schema; the message is never retried. */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`${eventType} payload is invalid: ${problems.join('; ')}`);
  }
}

/**
 * The `dataschema` of an event type whose schema Newsroom defines: it names the type's entry in
 * docs/asyncapi.yaml (the message of that name) and in libs/contracts/event-schemas.snapshot.json.
 */
export const dataschemaOf = (type: string): string => `urn:newsroom:schema:${type}`;

/** A JSON Schema (draft 2020-12) document, as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One event type: its CloudEvents type, its topic, and the one check its data must pass. */
export interface EventContract<T> {
  readonly type: string;
  readonly topic: string;
  /** The JSON Schema of the data, what the breaking-change guard compares and AsyncAPI publishes. */
  readonly schema: JsonSchema;
  /** The CloudEvents `dataschema` of its events: the URI of the payload's schema. */
  readonly dataschema: string;
  /** Returns the data typed, or throws InvalidPayloadError naming each bad field. */
  parse(data: unknown): T;
}

export type EventData<C> = C extends EventContract<infer T> ? T : never;

const registry = new Map<string, EventContract<unknown>>();

export function registerContract<T>(contract: EventContract<T>): EventContract<T> {
  if (registry.has(contract.type)) throw new Error(`event type ${contract.type} is defined twice`);
  registry.set(contract.type, contract);
  return contract;
}

/** The contract of a CloudEvents type, or undefined for a type Newsroom does not know. */
export function contractFor(type: string): EventContract<unknown> | undefined {
  return registry.get(type);
}

export function allContracts(): EventContract<unknown>[] {
  return [...registry.values()];
}

/** A new event of a known type, its data checked against the contract before it leaves. */
export function createEvent<T>(contract: EventContract<T>, source: string, subject: string, data: T): CloudEvent<T> {
  const time = new Date().toISOString();
  return { id: randomUUID(), source, type: contract.type, subject, time, dataschema: contract.dataschema, data: contract.parse(data) };
}
