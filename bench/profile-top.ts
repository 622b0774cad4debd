// Where a service's CPU went: the functions with the most self time in each `.cpuprofile` of a
// directory (written by `npm run bench -- throughput --profile DIR`), and the packages they belong to.
// `npm run bench -- profile-top DIR [--top 15]`
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBench } from './bench-support';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 15;

/** `node_modules/<package>` (scoped or not), the project's own file, or Node's internals. */
function owner(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:') || url === '') return 'node';
  return url.includes('/dist/') ? 'newsroom' : url;
}

function summarise(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // Each sample's time is the delta to the next one; it goes to the sampled node's own time.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${lineNumber + 1}` : '';
    const frame = `${functionName || '(anonymous)'} ${where}`.trim();
    frames.set(frame, (frames.get(frame) ?? 0) + us);
    packages.set(owner(url), (packages.get(owner(url)) ?? 0) + us);
  }
  const share = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms`;
  const rank = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `  ${share(us)}  ${name}`)
      .join('\n');
  return `${file}: ${(total / 1000).toFixed(0)} ms of CPU on the main thread\n by package:\n${rank(packages, 8)}\n top frames (self time):\n${rank(frames, top)}\n`;
}

runBench(async () => {
  if (!dir) throw new Error('usage: npm run bench -- profile-top DIR [--top 15]');
  for (const name of readdirSync(dir)
    .filter((entry) => entry.endsWith('.cpuprofile'))
    .sort()) {
    process.stdout.write(`${summarise(join(dir, name))}\n`);
  }
});
