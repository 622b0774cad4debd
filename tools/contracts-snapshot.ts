// Writes the snapshot of every event type's JSON Schema that the breaking-change guard compares
// with. Run by `npm run contracts:snapshot`; it refuses to record a breaking change unless told
// `--accept-breaking` (the way to retire a type whose successor has replaced it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { currentSchemas, JsonSchema, SCHEMA_SNAPSHOT_FILE, snapshotProblems } from '@newsroom/contracts';

const acceptBreaking = process.argv.includes('--accept-breaking');
const current = currentSchemas();
if (existsSync(SCHEMA_SNAPSHOT_FILE)) {
  const breaks = snapshotProblems(JSON.parse(readFileSync(SCHEMA_SNAPSHOT_FILE, 'utf8')) as Record<string, JsonSchema>, current).filter(
    (problem) => !problem.endsWith('not in the snapshot; run npm run contracts:snapshot'),
  );
  if (breaks.length && !acceptBreaking) {
    process.stderr.write(
      `${breaks.join('\n')}\nnot written: these break consumers (pass --accept-breaking only to retire a replaced type)\n`,
    );
    process.exit(1);
  }
}
writeFileSync(SCHEMA_SNAPSHOT_FILE, `${JSON.stringify(current, null, 2)}\n`);
process.stderr.write(`${SCHEMA_SNAPSHOT_FILE}: ${Object.keys(current).length} event types\n`);
