#!/usr/bin/env node
// npm run kafka:start | kafka:stop | kafka:status — the local development broker.
// `node scripts/kafka.mjs kill | restart` crash it with SIGKILL and bring it back on its data (fault drills).
import { ensureDependencies, runCli, say } from './lib/cli.mjs';
import {
  configuredBrokers,
  ensureBroker,
  killLocalBroker,
  probeBrokers,
  restartLocalBroker,
  stopLocalBroker,
} from './lib/kafka-broker.mjs';

const commands = {
  async start() {
    ensureDependencies();
    const { started, brokers } = await ensureBroker();
    if (!started) say(`a Kafka broker already answers at ${brokers}; nothing started`);
  },
  async stop() {
    say((await stopLocalBroker()) ? 'local Kafka broker stopped' : 'no local Kafka broker was running');
  },
  async kill() {
    say(`local Kafka broker (pid ${await killLocalBroker()}) killed with SIGKILL`);
  },
  async restart() {
    const { startupMs } = await restartLocalBroker();
    say(`local Kafka broker restarted on ${configuredBrokers()} in ${(startupMs / 1000).toFixed(1)}s`);
  },
  async status() {
    ensureDependencies();
    say(`${configuredBrokers()}: ${await probeBrokers()}`);
  },
};

await runCli(async () => {
  const command = commands[process.argv[2]];
  if (!command) throw new Error(`usage: node scripts/kafka.mjs ${Object.keys(commands).join('|')}`);
  await command();
});
