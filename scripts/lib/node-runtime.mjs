// The project runs on the Node.js that package.json's `engines` accepts. On a machine whose own
// Node.js is older, an npm script fetches the release pinned in `config.nodeVersion` from the npm
// registry (the `node-<platform>-<arch>` package that the registry's `node` package installs) into
// .cache/node/, once, and runs itself again under it. NEWSROOM_NODE_VERSION picks another release.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot, SetupError } from './cli.mjs';

const parse = (version) => version.replace(/^v/, '').split('.').map(Number);

function atLeast(version, floor) {
  const [a, b] = [parse(version), parse(floor)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** Whether `version` meets an engines range made of `>=x.y.z` and `^x.y.z` parts joined by `||`. */
export function satisfies(version, range) {
  return range.split('||').some((part) => {
    const [, operator, floor] = /^\s*(>=|\^)\s*(\S+)\s*$/.exec(part) ?? [];
    if (!floor) throw new SetupError(`package.json engines.node part "${part.trim()}" is not >=x.y.z or ^x.y.z`);
    return atLeast(version, floor) && (operator === '>=' || parse(version)[0] === parse(floor)[0]);
  });
}

function nodeBinDir(version) {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const name = `node-${platform}-${process.arch}`;
  const prefix = join(repoRoot, '.cache', 'node', version);
  const bin = join(prefix, 'node_modules', name, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  // stderr, as npm's own output below: a script such as `npm run -s token` keeps stdout for its result.
  process.stderr.write(
    `newsroom: Node.js ${process.versions.node} is older than this project supports; fetching Node.js ${version} from the npm registry (once)\n`,
  );
  const args = [
    'install',
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    '--prefix',
    prefix,
    `${name}@${version}`,
  ];
  const result = spawnSync('npm', args, { stdio: ['ignore', 2, 2] });
  if (result.status !== 0 || !existsSync(join(bin, 'node'))) {
    throw new SetupError(`could not install ${name}@${version} from the npm registry (see above)`);
  }
  return bin;
}

/** Resolves when this process runs on a supported Node.js; otherwise runs the script again on one and exits with its code. */
export async function useSupportedNode() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const current = process.versions.node;
  const wanted = process.env.NEWSROOM_NODE_VERSION || (satisfies(current, pkg.engines.node) ? current : pkg.config.nodeVersion);
  if (wanted === current) return;
  if (!satisfies(wanted, pkg.engines.node))
    throw new SetupError(`NEWSROOM_NODE_VERSION ${wanted} is outside engines.node (${pkg.engines.node})`);
  const bin = nodeBinDir(wanted);
  // npm, npx and every child that looks `node` up on PATH run on the same release.
  const env = { ...process.env, NEWSROOM_NODE_VERSION: wanted, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(join(bin, 'node'), [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  // Ctrl-C reaches the child from the terminal itself; a SIGTERM sent to this process only is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise((resolve) => child.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
  process.exit(code);
}
