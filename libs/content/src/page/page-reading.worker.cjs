// The worker thread's entry when the code runs from its TypeScript sources (Jest, ts-node): the thread has
// no compiler of its own, so this registers one and then loads page-reading.worker.ts. dist/ loads the .js.
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..', '..');
const project = join(root, 'tsconfig.json');
if (!process[Symbol.for('ts-node.register.instance')]) require('ts-node').register({ project, transpileOnly: true });
require('tsconfig-paths').register({ baseUrl: root, paths: require(project).compilerOptions.paths });

module.exports = require('./page-reading.worker.ts');
