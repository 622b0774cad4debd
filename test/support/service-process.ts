import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ServiceName } from '@newsroom/platform/config/service-config';

const repoRoot = join(__dirname, '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started = new Set<ChildProcess>();

/** Kills whatever a failed test left running, so that no service outlives the test run. */
export function killLeftoverServices(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/** Starts a service as `npm run stack` and the containers do: `node dist/apps/<service>/src/main.js`. */
export function startServiceProcess(service: ServiceName, env: Record<string, string>, args: string[] = []): ServiceProcess {
  return startCompiled(join('apps', service, 'src', 'main.js'), env, args);
}

/** Starts the console's server as `npm run stack` does: `node dist/apps/console/src/main.js`. */
export function startConsoleProcess(env: Record<string, string>): ServiceProcess {
  return startCompiled(join('apps', 'console', 'src', 'main.js'), env);
}

function startCompiled(path: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', path), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function waitUntilReady(url: string, service: ServiceProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`service exited early: ${service.stderr()}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}
