// The fault suite (npm run test:faults): the three services as processes, faults injected one
// scenario at a time. It runs alone, in one worker, because it kills and restarts the broker.
const { projects } = require('./jest.config.js');

const [shared] = projects;

module.exports = {
  ...shared,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 420_000,
  maxWorkers: 1,
};
