// Unit specs sit beside the code and need nothing running; integration suites in test/
// talk to the real broker and the real Postgres that `npm test` makes sure of.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  // ES-module packages (Nest 12, jose, htmlparser2) load untranspiled through require(esm), which Jest
  // offers on Node 24.9+ with --experimental-vm-modules (scripts/test.mjs passes it).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
  rootDir: __dirname,
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.int-spec.ts'], slowTestThreshold: 30 },
  ],
  // Global, not per project: Jest ignores testTimeout inside a project's config.
  testTimeout: 60_000,
  maxWorkers: 2,
};
