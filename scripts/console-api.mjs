#!/usr/bin/env node
// npm run console:api — writes the services' OpenAPI documents to apps/console/openapi/ and generates the
// console's typed client from them (apps/console/web/api/). Needs the database and the broker the services
// check at start: run it with `npm run stack` up, or with DATABASE_URL and KAFKA_BROKERS pointing at others.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build, ensureDependencies, ReportedFailure, repoRoot, runCli, runCompiled } from './lib/cli.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

await runCli(async () => {
  await useSupportedNode();
  ensureDependencies();
  build();
  runCompiled(join('tools', 'openapi-documents.js'));
  for (const service of ['ingestion', 'editorial', 'publication']) {
    const generated = spawnSync(
      'npx',
      ['openapi-typescript', `apps/console/openapi/${service}.json`, '-o', `apps/console/web/api/${service}.ts`],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    if (generated.status !== 0) throw new ReportedFailure(`generating the ${service} client failed`);
  }
  build();
});
