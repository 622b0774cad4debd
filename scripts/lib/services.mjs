// Starting and stopping the three services as OS processes, from the compiled dist/.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, repoRoot, runCompiled } from './cli.mjs';

/** The services and their default ports, read from the compiled config (so after build()). */
export function serviceDefaults() {
  const { DEFAULT_HTTP_PORTS } = createRequire(import.meta.url)(
    join(repoRoot, 'dist', 'libs', 'platform', 'src', 'config', 'service-config.js'),
  );
  return Object.entries(DEFAULT_HTTP_PORTS).map(([name, port]) => ({ name, port }));
}

const serviceMain = (name) => join('apps', name, 'src', 'main.js');

/** Builds, creates the database, roles and schemas, and applies every service's migrations. */
export function prepareDatabase(env = process.env) {
  build();
  runCompiled(join('tools', 'db-setup.js'), [], env);
  for (const { name } of serviceDefaults()) runCompiled(serviceMain(name), ['migrate'], env);
}

export function startService(name, env, stdio = 'inherit') {
  return startCompiled(serviceMain(name), env, stdio);
}

/** Runs a compiled entry point from dist/ as a long-lived process (a service, the console). */
export function startCompiled(path, env, stdio = 'inherit') {
  return spawn(process.execPath, [join(repoRoot, 'dist', path)], { cwd: repoRoot, env, stdio });
}

/** Sends SIGTERM and waits for the exit; a process that outlives the grace period gets SIGKILL. */
export function stopProcess(child, graceMs = 25_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function waitForReady(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
