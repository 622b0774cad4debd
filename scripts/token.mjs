#!/usr/bin/env node
// npm run -s token -- --sub alice --name "Alice Martin" --roles journalist,editor — prints a signed bearer token.
// stdout carries the token and nothing else: installing and building report on stderr.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, ReportedFailure, runCli, runCompiled } from './lib/cli.mjs';
import { useSupportedNode } from './lib/node-runtime.mjs';

function prepareQuietly() {
  const cli = pathToFileURL(join(repoRoot, 'scripts', 'lib', 'cli.mjs')).href;
  const prepare = `const { ensureDependencies, build, runCli } = await import(${JSON.stringify(cli)}); await runCli(async () => { ensureDependencies(); build(); });`;
  // The child's stdout, and so that of npm and tsc under it, is this process's stderr.
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', prepare], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new ReportedFailure('preparing the token tool failed');
}

await runCli(async () => {
  await useSupportedNode();
  prepareQuietly();
  runCompiled(join('tools', 'token.js'), process.argv.slice(2));
});
