import { allContracts, JsonSchema } from './event-contract';

/** The committed snapshot of every event type's JSON Schema (from the repository's root), refreshed by `npm run contracts:snapshot`. */
export const SCHEMA_SNAPSHOT_FILE = 'libs/contracts/event-schemas.snapshot.json';

/** The schema each declared event type has now, by type, in a stable order. */
export function currentSchemas(): Record<string, JsonSchema> {
  const contracts = allContracts().sort((a, b) => a.type.localeCompare(b.type));
  return Object.fromEntries(contracts.map((contract) => [contract.type, contract.schema]));
}
