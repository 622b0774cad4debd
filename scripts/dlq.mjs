#!/usr/bin/env node
// npm run dlq -- <service> list|show|replay|discard … — a service's dead letters, through its own `dlq` command.
import { join } from 'node:path';
import { build, ensureDependencies, runCli, SetupError, runCompiled } from './lib/cli.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

const services = ['ingestion', 'editorial', 'publication'];

await runCli(async () => {
  await useSupportedNode();
  const [service, ...args] = process.argv.slice(2);
  if (!services.includes(service)) throw new SetupError(`usage: npm run dlq -- <${services.join('|')}> list|show|replay|discard …`);
  ensureDependencies();
  build();
  runCompiled(join('apps', service, 'src', 'main.js'), ['dlq', ...args]);
});
