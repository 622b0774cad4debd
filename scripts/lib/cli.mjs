// Helpers shared by the npm scripts. Only Node built-ins: these run before `npm ci` has.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A set-up problem the person can fix: printed as one line, never as a stack trace. */
export class SetupError extends Error {}

/** A failure a child process has already explained in its own line. */
export class ReportedFailure extends SetupError {}

export function say(message) {
  process.stdout.write(`newsroom: ${message}\n`);
}

/** Runs main() and turns a SetupError into one line on stderr and exit code 1. */
export async function runCli(main) {
  try {
    await main();
  } catch (err) {
    if (err instanceof SetupError) {
      if (!(err instanceof ReportedFailure)) process.stderr.write(`newsroom: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export function packageConfig() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).config;
}

/** Installs node_modules from the lock file when they are missing or older than the lock. */
export function ensureDependencies() {
  const installed = join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing dependencies (npm ci)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new SetupError('npm ci failed (see above): is the npm registry reachable?');
  }
}

/** Compiles apps, libs and tools into dist/ with `npm run build` (incremental, so a second run is quick). */
export function build() {
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new SetupError('the TypeScript build failed (see above)');
}

/** Runs a compiled script from dist/ (a tool, a service command); the script explains its own failure. */
export function runCompiled(path, args = [], env = process.env) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', path), ...args], { cwd: repoRoot, stdio: 'inherit', env });
  if (result.status !== 0) throw new ReportedFailure(`${path} ${args.join(' ')} failed`);
}

/**
 * A command from a Debian package (promtool, pgbench), installed with apt-get when missing and the
 * machine allows it; returns why not otherwise, so that the caller can say what went unchecked.
 */
export function ensureDebianCommand(command, debianPackage) {
  if (spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0) return undefined;
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error) return `${command} is missing and this machine has no apt-get`;
  say(`${command} is missing: installing ${debianPackage} (apt-get, once)`);
  const install = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', debianPackage], { stdio: 'inherit' });
  return install.status === 0 ? undefined : `apt-get install ${debianPackage} failed`;
}
