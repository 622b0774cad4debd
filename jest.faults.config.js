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
  // The suite's own Kafka clients (its topic recorder) live through a broker SIGKILL; kafkajs 2.2.4
  // can then keep a reconnecting connection that disconnect() does not stop (tulios/kafkajs#1147),
  // which would hold Jest, and CI, open after the last test. Every client is closed in afterAll
  // first; the services are separate processes whose exits the suite checks.
  forceExit: true,
};
