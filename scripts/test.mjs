#!/usr/bin/env node
// npm test — installs what is missing, starts a broker if none answers, prepares the test
// database, runs Jest (unit and integration suites), and stops what it started.
// Arguments after `--` go to Jest: `npm test -- test/wiring`.
// npm run test:faults (`--faults`) — the fault suite instead (jest.faults.config.js), on a database
// and a broker of its own: it kills and restarts that broker, so it must be one started here.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, repoRoot, runCli, SetupError } from './lib/cli.mjs';
import { ensureBroker, isLocalBrokerRunning, stopBrokerStartedHere } from './lib/kafka-broker.mjs';
import { prepareDatabase } from './lib/services.mjs';

const faults = process.argv[2] === '--faults';
const jestArgs = faults ? ['--config', 'jest.faults.config.js', ...process.argv.slice(3)] : process.argv.slice(2);
// Tests get their own database, so that they never touch what `npm run stack` serves.
process.env.DATABASE_URL ||= `postgres://postgres@127.0.0.1:5432/${faults ? 'newsroom_faults' : 'newsroom_test'}`;
// A broker of their own (unless KAFKA_BROKERS names one): nothing from a running stack mixes with test events.
process.env.KAFKA_BROKERS ||= faults ? '127.0.0.1:19096' : '127.0.0.1:19092';
process.env.NODE_ENV ||= 'test';

await runCli(async () => {
  let jest;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (jest) return void jest.kill(signal); // Jest stops; the clean-up below follows
      await stopBrokerStartedHere();
      process.exit(1);
    });
  }
  ensureDependencies();
  // The database first: a PostgreSQL that is down is reported before a broker is started for nothing.
  prepareDatabase();
  let exitCode = 1;
  try {
    await ensureBroker({ ephemeral: true });
    if (faults && !isLocalBrokerRunning()) {
      throw new SetupError(
        `the fault suite kills and restarts its broker, but the one answering at ${process.env.KAFKA_BROKERS} (KAFKA_BROKERS) was not started from this checkout: stop it, or point KAFKA_BROKERS at a free local port`,
      );
    }
    exitCode = await new Promise((resolve) => {
      jest = spawn(process.execPath, [join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'), ...jestArgs], {
        cwd: repoRoot,
        stdio: 'inherit',
      });
      jest.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await stopBrokerStartedHere();
  }
  process.exit(exitCode);
});
