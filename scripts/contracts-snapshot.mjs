#!/usr/bin/env node
// npm run contracts:snapshot — records each event type's JSON Schema for the breaking-change guard.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build, ensureDependencies, repoRoot, runCli, runCompiled } from './lib/cli.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

await runCli(async () => {
  await useSupportedNode();
  ensureDependencies();
  build();
  runCompiled(join('tools', 'contracts-snapshot.js'), process.argv.slice(2));
  spawnSync('npx', ['prettier', '--write', '--log-level', 'warn', 'libs/contracts/event-schemas.snapshot.json'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
});
