#!/usr/bin/env node
// npm run stack — the whole system on this machine: broker, database, the three services and the console.
// Ctrl-C (or SIGTERM) stops everything this command started, and nothing else.
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, repoRoot, runCli, say } from './lib/cli.mjs';
import { ensureBroker, stopBrokerStartedHere } from './lib/kafka-broker.mjs';
import { prepareDatabase, serviceDefaults, startCompiled, startService, stopProcess, waitForReady } from './lib/services.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

const running = [];
let stopping;

function stopAll(exitCode) {
  stopping ??= (async () => {
    say('stopping');
    await Promise.all(running.map(({ child }) => stopProcess(child)));
    await stopBrokerStartedHere();
    say('stopped');
    process.exit(exitCode);
  })();
  return stopping;
}

await runCli(async () => {
  await useSupportedNode();
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll(0));
  ensureDependencies();
  // The database first: a PostgreSQL that is down is reported before a broker is started for nothing.
  prepareDatabase();
  await ensureBroker();

  // The console calls the services from the browser: its origin may.
  const consolePort = Number(process.env.CONSOLE_HTTP_PORT || 3000);
  process.env.CORS_ORIGINS ||= `http://127.0.0.1:${consolePort},http://localhost:${consolePort}`;
  const logDir = join(repoRoot, '.cache', 'logs');
  mkdirSync(logDir, { recursive: true });
  for (const { name, port: defaultPort } of serviceDefaults()) {
    const port = Number(process.env[`${name.toUpperCase()}_HTTP_PORT`] || defaultPort);
    const logPath = join(logDir, `${name}.log`);
    const log = openSync(logPath, 'a');
    const env = { ...process.env, HTTP_PORT: String(port) };
    const child = startService(name, env, ['ignore', log, log]);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const lastLine = readFileSync(logPath, 'utf8').trimEnd().split('\n').pop();
      process.stderr.write(`newsroom: ${name} exited (${signal ?? `code ${code}`}): ${lastLine}\n`);
      void stopAll(1);
    });
    running.push({ name, port, child, logPath });
  }
  const consoleLog = join(logDir, 'console.log');
  const consoleEnv = { ...process.env, CONSOLE_HTTP_PORT: String(consolePort) };
  for (const { name, port } of running) consoleEnv[`CONSOLE_${name.toUpperCase()}_URL`] ||= `http://127.0.0.1:${port}`;
  const consoleChild = startCompiled(join('apps', 'console', 'src', 'main.js'), consoleEnv, [
    'ignore',
    openSync(consoleLog, 'a'),
    openSync(consoleLog, 'a'),
  ]);
  consoleChild.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`newsroom: console exited (${signal ?? `code ${code}`}); its log: ${consoleLog}\n`);
    void stopAll(1);
  });
  running.push({ name: 'console', port: consolePort, child: consoleChild, logPath: consoleLog });
  for (const { name, port, child, logPath } of running) {
    const url = `http://127.0.0.1:${port}`;
    if (!(await waitForReady(`${url}/health/ready`, child))) {
      if (!stopping) process.stderr.write(`newsroom: ${name} did not become ready; its log: ${logPath}\n`);
      return stopAll(1);
    }
    say(`${name.padEnd(12)} ${url}  (logs: ${logPath.slice(repoRoot.length + 1)})`);
  }
  say('all services ready; Ctrl-C stops them');
});
