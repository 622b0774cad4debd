#!/usr/bin/env node
// npm test — installs what is missing, starts a broker if none answers, prepares the test
// database, runs Jest (unit and integration suites), and stops what it started.
// Arguments after `--` go to Jest: `npm test -- test/wiring`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, repoRoot, runCli } from './lib/cli.mjs';
import { ensureBroker, stopLocalBroker } from './lib/kafka-broker.mjs';
import { prepareDatabase } from './lib/services.mjs';

// Tests get their own database, so that they never touch what `npm run stack` serves.
process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/newsroom_test';
process.env.KAFKA_BROKERS ||= '127.0.0.1:9092';
process.env.NODE_ENV ||= 'test';

let broker = { started: false };

async function cleanUp() {
  if (broker.started) await stopLocalBroker();
}

await runCli(async () => {
  ensureDependencies();
  broker = await ensureBroker({ ephemeral: true });
  let exitCode = 1;
  try {
    prepareDatabase();
    exitCode = await new Promise((resolve) => {
      const jest = spawn(process.execPath, [join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)], {
        cwd: repoRoot,
        stdio: 'inherit',
      });
      for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => jest.kill(signal));
      jest.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
});
