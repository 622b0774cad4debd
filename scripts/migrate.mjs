#!/usr/bin/env node
// npm run migrate — creates the database, roles and schemas if missing, then applies every service's migrations.
import { ensureDependencies, runCli } from './lib/cli.mjs';
import { prepareDatabase } from './lib/services.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

await runCli(async () => {
  await useSupportedNode();
  ensureDependencies();
  prepareDatabase();
});
