#!/usr/bin/env node
// npm run asyncapi — writes docs/asyncapi.yaml from libs/contracts (a test fails when it is stale).
import { join } from 'node:path';
import { build, ensureDependencies, runCli, runCompiled } from './lib/cli.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

await runCli(async () => {
  await useSupportedNode();
  ensureDependencies();
  build();
  runCompiled(join('tools', 'asyncapi.js'));
});
