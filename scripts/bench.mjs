#!/usr/bin/env node
// npm run bench — measures the pipeline against a real broker and Postgres: prepares the
// `newsroom_bench` database, starts a broker if none answers, runs bench/<name>.ts, stops what it started.
// `npm run bench -- approve-to-published --stories 100`
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, repoRoot, runCli, SetupError } from './lib/cli.mjs';
import { ensureBroker, stopBrokerStartedHere } from './lib/kafka-broker.mjs';
import { prepareDatabase } from './lib/services.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/newsroom_bench';
process.env.KAFKA_BROKERS ||= '127.0.0.1:19094';

await runCli(async () => {
  await useSupportedNode();
  const [name = 'approve-to-published', ...args] = process.argv.slice(2);
  const script = join(repoRoot, 'bench', `${name}.ts`);
  if (!existsSync(script)) throw new SetupError(`no benchmark bench/${name}.ts`);
  ensureDependencies();
  prepareDatabase();
  try {
    await ensureBroker({ ephemeral: true });
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script, ...args], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, TS_NODE_PROJECT: join(repoRoot, 'tsconfig.json') },
    });
    process.exitCode = run.status ?? 1;
  } finally {
    await stopBrokerStartedHere();
  }
});
