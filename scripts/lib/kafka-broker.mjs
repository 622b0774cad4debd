// The local single-node KRaft broker: resolved from Maven Central, started as a detached JVM
// whose pid is kept in a file, stopped with SIGTERM (Kafka's own controlled shutdown).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { SetupError, packageConfig, repoRoot, say } from './cli.mjs';

const cacheDir = join(repoRoot, '.cache', 'kafka');
const defaultBrokers = '127.0.0.1:9092';
const readyTimeoutMs = 90_000;
const stopTimeoutMs = 30_000;

export function configuredBrokers() {
  return process.env.KAFKA_BROKERS || defaultBrokers;
}

function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function parseAddress(address) {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address.trim());
  if (!match) throw new SetupError(`KAFKA_BROKERS has a malformed address "${address}": expected host:port`);
  return { host: match[1], port: Number(match[2]) };
}

/** 'kafka' when a broker answers a metadata request, 'not-kafka' when the port answers something else, 'down' otherwise. */
export async function probeBrokers(brokers = configuredBrokers()) {
  const addresses = brokers.split(',').map(parseAddress);
  const open = await Promise.all(addresses.map((a) => portOpen(a.host, a.port)));
  if (!open.some(Boolean)) return 'down';
  const { Kafka, logLevel } = createRequire(join(repoRoot, 'package.json'))('kafkajs');
  const admin = new Kafka({
    clientId: 'newsroom-probe',
    brokers: brokers.split(','),
    connectionTimeout: 1500,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return 'kafka';
  } catch {
    return 'not-kafka';
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function requireCommand(command, args, missing) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new SetupError(missing);
  return `${result.stdout}${result.stderr}`;
}

function checkJava() {
  const missing =
    'Java 17+ is needed for the local Kafka broker: install a JDK (apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS to a running broker';
  const output = requireCommand('java', ['-version'], missing);
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? 0);
  if (major < 17) throw new SetupError(`Java ${major || '?'} found, the local Kafka broker needs Java 17+: ${missing}`);
}

/** Copies the broker's runtime jars from Maven Central into .cache/kafka/<version>/lib once. */
export function resolveBrokerJars(version = packageConfig().kafkaVersion) {
  return resolveJars({ version, pom: 'pom.xml', dir: 'lib', what: `Apache Kafka ${version}` });
}

/** Kafka's own command-line tools (EndToEndLatency, perf tests), for benchmarks: .cache/kafka/<version>/tools, once. */
export function resolveKafkaToolJars(version = packageConfig().kafkaVersion) {
  return resolveJars({ version, pom: 'tools-pom.xml', dir: 'tools', what: `Apache Kafka ${version}'s tools` });
}

function resolveJars({ version, pom, dir, what }) {
  const libDir = join(cacheDir, version, dir);
  if (existsSync(join(libDir, '.resolved'))) return libDir;
  requireCommand(
    'mvn',
    ['-v'],
    'Maven is needed to fetch the local Kafka broker from Maven Central: install it (apt-get install maven) or set KAFKA_BROKERS to a running broker',
  );
  say(`resolving ${what} from Maven Central (once)`);
  const staging = `${libDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(cacheDir, version), { recursive: true });
  const logPath = join(cacheDir, version, `maven-${dir}.log`);
  const result = spawnSync(
    'mvn',
    // Bounded network timeouts: an unreachable Maven Central fails in seconds instead of seeming to hang.
    [
      '-B',
      '-q',
      '-Daether.connector.connectTimeout=15000',
      '-Daether.connector.requestTimeout=60000',
      '-f',
      join(repoRoot, 'scripts', 'kafka', pom),
      `-Dkafka.version=${version}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ],
    { encoding: 'utf8', cwd: repoRoot, timeout: 15 * 60_000 },
  );
  writeFileSync(logPath, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    throw new SetupError(`Maven could not resolve ${what} (log: ${logPath}): is Maven Central reachable?`);
  }
  writeFileSync(join(staging, '.resolved'), `${new Date().toISOString()}\n`);
  rmSync(libDir, { recursive: true, force: true });
  renameSync(staging, libDir);
  return libDir;
}

/** One pid file per port, so that the tests' throw-away broker and the stack's broker never mix up. */
function pidFileFor(brokers = configuredBrokers()) {
  return join(cacheDir, `broker-${parseAddress(brokers).port}.pid`);
}

function readPidFile(brokers) {
  try {
    return JSON.parse(readFileSync(pidFileFor(brokers), 'utf8'));
  } catch {
    return undefined; // none, or unreadable: either way there is no broker we can vouch for
  }
}

/** Whether pid is still our broker's JVM (a stale pid file may name a recycled pid). */
function isBrokerJvm(pid, dataDir) {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(dataDir);
  } catch {
    return false;
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a broker on host:port (the controller on port+1) and waits until it answers.
 * An ephemeral broker keeps its data in a fresh folder that stop() deletes.
 */
export async function startLocalBroker({ brokers = configuredBrokers(), ephemeral = false, dataDir: reuse, owner = process.pid } = {}) {
  const { host, port } = parseAddress(brokers);
  const controllerPort = port + 1;
  if (await portOpen(host, controllerPort)) {
    throw new SetupError(
      `port ${controllerPort} (the local broker's controller port) is taken: free it or set KAFKA_BROKERS to a running broker`,
    );
  }
  checkJava();
  const libDir = resolveBrokerJars();
  const dataDir = reuse ?? (ephemeral ? join(cacheDir, `data-${port}-${process.pid}-${Date.now()}`) : join(cacheDir, `data-${port}`));
  const logDir = join(dataDir, 'log');
  mkdirSync(logDir, { recursive: true });
  const properties = readFileSync(join(repoRoot, 'scripts', 'kafka', 'server.properties.template'), 'utf8')
    .replaceAll('{{HOST}}', host)
    .replaceAll('{{PORT}}', String(port))
    .replaceAll('{{CONTROLLER_PORT}}', String(controllerPort))
    .replaceAll('{{LOG_DIR}}', logDir);
  const propertiesPath = join(dataDir, 'server.properties');
  writeFileSync(propertiesPath, properties);

  const javaArgs = (mainClass, args) => [
    '-cp',
    join(libDir, '*'),
    `-Dlog4j2.configurationFile=${join(repoRoot, 'scripts', 'kafka', 'log4j2.properties')}`,
    mainClass,
    ...args,
  ];
  const clusterIdPath = join(dataDir, 'cluster.id');
  if (!existsSync(clusterIdPath)) writeFileSync(clusterIdPath, kafkaClusterId());
  const format = spawnSync(
    'java',
    javaArgs('kafka.tools.StorageTool', ['format', '-t', readFileSync(clusterIdPath, 'utf8'), '-c', propertiesPath, '-g']),
    { encoding: 'utf8' },
  );
  if (format.status !== 0) {
    if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
    throw new SetupError(`formatting the broker's storage failed: ${(format.stderr || format.stdout).trim().split('\n').pop()}`);
  }

  const logPath = join(dataDir, 'broker.log');
  const out = openSync(logPath, 'a');
  const startedAt = Date.now();
  const jvm = spawn(
    'java',
    ['-Xms512m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', ...javaArgs('kafka.Kafka', [propertiesPath])],
    {
      detached: true,
      stdio: ['ignore', out, out],
    },
  );
  jvm.unref();
  const pidFile = pidFileFor(brokers);
  writeFileSync(pidFile, JSON.stringify({ pid: jvm.pid, owner, brokers, dataDir, ephemeral }));
  let exited = false;
  jvm.once('exit', () => (exited = true));

  while (Date.now() - startedAt < readyTimeoutMs) {
    if (exited) {
      rmSync(pidFile, { force: true });
      if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
      throw new SetupError(`the local Kafka broker exited during start-up (log: ${logPath})`);
    }
    if ((await probeBrokers(brokers)) === 'kafka') {
      return { pid: jvm.pid, startupMs: Date.now() - startedAt, logPath };
    }
    await sleep(250);
  }
  await stopLocalBroker(brokers);
  throw new SetupError(`the local Kafka broker did not answer within ${readyTimeoutMs / 1000}s (log: ${logPath})`);
}

/**
 * KRaft cluster ids are 16 random bytes in URL-safe base64 without padding. One in 64 would start
 * with "-", which kafka-storage's argument parser takes for an option ("--cluster-id/-t: expected
 * one argument"); Kafka's own generator skips those too.
 */
export function kafkaClusterId() {
  for (;;) {
    const id = Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Stops the broker recorded for that address, if any; returns whether one was running. */
export async function stopLocalBroker(brokers = configuredBrokers()) {
  const record = readPidFile(brokers);
  if (!record) return false;
  const { pid, dataDir, ephemeral } = record;
  const running = () => isBrokerJvm(pid, dataDir);
  const wasRunning = running();
  if (wasRunning) {
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + stopTimeoutMs;
    while (running() && Date.now() < deadline) await sleep(200);
    if (running()) signal(pid, 'SIGKILL');
    const killDeadline = Date.now() + 5000;
    while (running() && Date.now() < killDeadline) await sleep(50);
  }
  rmSync(pidFileFor(brokers), { force: true });
  if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
  return wasRunning;
}

/** Whether the broker answering at that address is one started from this checkout (so it can be killed and restarted). */
export function isLocalBrokerRunning(brokers = configuredBrokers()) {
  const record = readPidFile(brokers);
  return Boolean(record && isBrokerJvm(record.pid, record.dataDir));
}

/**
 * Kills the recorded broker's JVM with SIGKILL, as a crash would, and keeps its data and pid
 * record for restartLocalBroker(). For fault drills; returns the killed pid.
 */
export async function killLocalBroker(brokers = configuredBrokers()) {
  const record = readPidFile(brokers);
  if (!record || !isBrokerJvm(record.pid, record.dataDir)) throw new SetupError(`no local broker started here runs at ${brokers}`);
  signal(record.pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (isBrokerJvm(record.pid, record.dataDir) && Date.now() < deadline) await sleep(50);
  return record.pid;
}

/** Starts the recorded broker again on its own data (after killLocalBroker), for the same owner. */
export async function restartLocalBroker(brokers = configuredBrokers()) {
  const record = readPidFile(brokers);
  if (!record) throw new SetupError(`no local broker was recorded at ${brokers}`);
  if (isBrokerJvm(record.pid, record.dataDir)) throw new SetupError(`the broker at ${brokers} still runs (pid ${record.pid})`);
  return startLocalBroker({ brokers, ephemeral: record.ephemeral, dataDir: record.dataDir, owner: record.owner });
}

/** Stops the broker only if this process started it: what a command's clean-up must do, even mid-start. */
export async function stopBrokerStartedHere() {
  if (readPidFile()?.owner === process.pid) await stopLocalBroker();
}

/**
 * Makes sure a broker answers at KAFKA_BROKERS (default 127.0.0.1:9092), starting a local one
 * when nothing listens there; stopBrokerStartedHere() undoes it. Returns whether it started one.
 */
export async function ensureBroker({ ephemeral = false } = {}) {
  const brokers = configuredBrokers();
  const state = await probeBrokers(brokers);
  if (state === 'kafka') return { started: false, brokers };
  if (state === 'not-kafka') {
    throw new SetupError(
      `something that is not a Kafka broker answers at ${brokers} (KAFKA_BROKERS): free the port or point KAFKA_BROKERS at a broker`,
    );
  }
  const loopback = brokers.split(',').length === 1 && ['127.0.0.1', 'localhost', '::1'].includes(parseAddress(brokers).host);
  if (!loopback) throw new SetupError(`no Kafka broker answers at ${brokers} (KAFKA_BROKERS)`);
  await stopLocalBroker(brokers); // a broker recorded earlier that no longer answers
  say(`starting a local Kafka ${packageConfig().kafkaVersion} broker on ${brokers}`);
  const { startupMs } = await startLocalBroker({ brokers, ephemeral });
  say(`Kafka broker ready on ${brokers} in ${(startupMs / 1000).toFixed(1)}s`);
  return { started: true, brokers, startupMs };
}
