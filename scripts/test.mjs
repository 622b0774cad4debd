#!/usr/bin/env node
// npm test — installs what is missing, type-checks and lints, starts a broker if none answers,
// prepares the test database, runs Jest (unit and integration suites), and stops what it started.
// Arguments after `--` go to Jest: `npm test -- test/wiring`.
// npm run test:faults (`--faults`) — the fault suite instead (jest.faults.config.js), on a database
// and a broker of its own: it kills and restarts that broker, so it must be one started here.
// npm run test:unit (`--unit`) — the unit specs only, which need neither.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDebianCommand, ensureDependencies, ReportedFailure, repoRoot, runCli, say, SetupError } from './lib/cli.mjs';
import { ensureBroker, isLocalBrokerRunning, stopBrokerStartedHere } from './lib/kafka-broker.mjs';
import { prepareDatabase } from './lib/services.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

const mode = ['--faults', '--unit'].includes(process.argv[2]) ? process.argv[2] : undefined;
const faults = mode === '--faults';
const given = process.argv.slice(mode ? 3 : 2);
// --selectProjects takes every word after it, so it comes last, after any test paths given.
const jestArgs =
  { '--faults': ['--config', 'jest.faults.config.js', ...given], '--unit': [...given, '--selectProjects', 'unit'] }[mode] ?? given;
// Tests get their own database, so that they never touch what `npm run stack` serves.
process.env.DATABASE_URL ||= `postgres://postgres@127.0.0.1:5432/${faults ? 'newsroom_faults' : 'newsroom_test'}`;
// A broker of their own (unless KAFKA_BROKERS names one): nothing from a running stack mixes with test events.
process.env.KAFKA_BROKERS ||= faults ? '127.0.0.1:19096' : '127.0.0.1:19092';
process.env.NODE_ENV ||= 'test';

/**
 * Suites that a full run keeps for the end, one at a time (see below). Beside the others:
 * - tracing runs a stack on a database of its own but on the shared topics: its publication republished
 *   every approval other suites made meanwhile, and their ingestion applied those articles as new events
 *   (a property-suite fixture's draft row changed under a refused request, with no event of its own database);
 * - the console's browser tests, the first likewise on a database of its own (its queue shows its own stories),
 *   both with a Chromium that would otherwise take its share of the two cores beside the timing-sensitive suites;
 * - webhooks shares the deliveries table with every other suite's publication, whose dispatchers (default
 *   retry window and backoff) claimed its failing delivery, so the 3 s window it tests never ran out.
 */
const ALONE = [
  'test/tracing.int-spec.ts',
  'test/console.int-spec.ts',
  'test/console-oidc.int-spec.ts',
  'test/webhooks.int-spec.ts',
  'test/http-hardening.int-spec.ts',
];

/** Jest loads the ES-module packages (Nest 12, jose) through require(esm), which needs vm modules. */
function spawnJest(args) {
  const node = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
  return spawn(process.execPath, [...node, join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'), ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

/** Types, lint and format before anything starts: a few seconds, and a failure names the line. */
function checkSources() {
  for (const script of ['typecheck', 'lint']) {
    const result = spawnSync('npm', ['run', '-s', script], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new ReportedFailure(`npm run ${script} failed (see above)`);
  }
}

await runCli(async () => {
  await useSupportedNode();
  if (mode === '--unit') {
    ensureDependencies();
    const unit = spawnJest(jestArgs);
    process.exit(await new Promise((resolve) => unit.once('exit', (code) => resolve(code ?? 1))));
  }
  let jest;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (jest) return void jest.kill(signal); // Jest stops; the clean-up below follows
      await stopBrokerStartedHere();
      process.exit(1);
    });
  }
  ensureDependencies();
  if (!mode) checkSources();
  // The monitoring suite checks the alert rules with Prometheus's own promtool where it can be had.
  const noPromtool = mode ? undefined : ensureDebianCommand('promtool', 'prometheus');
  if (noPromtool) say(`${noPromtool}: the alert rules will not be checked by promtool`);
  // The console's browser tests drive Debian's Chromium (no browser download); without it they fail, saying so.
  const noChromium = mode ? undefined : ensureDebianCommand('chromium', 'chromium');
  if (noChromium) say(`${noChromium}: the console's browser tests will fail`);
  // The database first: a PostgreSQL that is down is reported before a broker is started for nothing.
  prepareDatabase();
  let exitCode;
  try {
    await ensureBroker({ ephemeral: true });
    if (faults && !isLocalBrokerRunning()) {
      throw new SetupError(
        `the fault suite kills and restarts its broker, but the one answering at ${process.env.KAFKA_BROKERS} (KAFKA_BROKERS) was not started from this checkout: stop it, or point KAFKA_BROKERS at a free local port`,
      );
    }
    const run = (args) =>
      new Promise((resolve) => {
        jest = spawnJest(args);
        jest.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
      });
    if (mode || given.length) exitCode = await run(jestArgs);
    else {
      // A full run: the suites in ALONE go last, one at a time. Run beside the others, a few of http-hardening's
      // 300 idle sockets were sometimes never seen closed within a minute (passing alone, even with every core busy).
      const others = await run(['--testPathIgnorePatterns', '/node_modules/', ...ALONE.map((file) => file.replaceAll('.', '\\.'))]);
      const alone = await run(['--runInBand', ...ALONE]);
      exitCode = others || alone;
    }
  } finally {
    await stopBrokerStartedHere();
  }
  process.exit(exitCode);
});
