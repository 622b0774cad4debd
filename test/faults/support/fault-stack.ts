import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName, serviceRole } from '@newsroom/platform/config/service-config';
import { TEST_JWT_SECRET } from '../../support/newsroom-stack';
import { ServiceProcess, startServiceProcess } from '../../support/service-process';
import { freePort } from '../../support/test-env';

const repoRoot = join(__dirname, '..', '..', '..');

export interface Exit {
  service: ServiceName;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The three services as OS processes that a scenario may kill and start again. Each keeps its
 * port and consumer group across restarts, as a pod does; every generation's output is kept, and
 * an exit nobody asked for is recorded (a crash, or a crash loop, is a failure of the suite).
 */
export class FaultStack {
  readonly urls = {} as Record<ServiceName, string>;
  /** This run's consumer groups: dead letters name theirs in `dlq_consumer`. */
  readonly groupIds = {} as Record<ServiceName, string>;
  readonly unexpectedExits: Exit[] = [];
  /** Tells this run's probes and groups from an earlier run's on a reused broker. */
  readonly run = randomUUID().slice(0, 8);
  private readonly current = new Map<ServiceName, ServiceProcess>();
  private readonly envs = new Map<ServiceName, Record<string, string>>();
  private readonly output = new Map<ServiceName, string[]>();
  private readonly stopping = new Set<ServiceProcess>();

  static async start(env: Record<string, string> = {}): Promise<FaultStack> {
    const stack = new FaultStack();
    for (const service of SERVICE_NAMES) {
      const port = await freePort();
      stack.urls[service] = `http://127.0.0.1:${port}`;
      stack.groupIds[service] = `faults-${service}-${stack.run}`;
      stack.envs.set(service, {
        HTTP_PORT: String(port),
        KAFKA_GROUP_ID: stack.groupIds[service],
        NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
        ...env,
      });
      stack.output.set(service, []);
    }
    for (const service of SERVICE_NAMES) stack.launch(service);
    await Promise.all(SERVICE_NAMES.map((service) => stack.waitReady(service, 60_000)));
    return stack;
  }

  role(service: ServiceName): string {
    return serviceRole(service);
  }

  private launch(service: ServiceName): ServiceProcess {
    const proc = startServiceProcess(service, this.envs.get(service)!);
    const generation = this.output.get(service)!.length;
    this.output.get(service)!.push('');
    const keep = () => (this.output.get(service)![generation] = proc.stdout() + proc.stderr());
    proc.child.stdout!.on('data', keep);
    proc.child.stderr!.on('data', keep);
    void proc.exited.then(({ code, signal }) => {
      keep();
      if (!this.stopping.has(proc)) this.unexpectedExits.push({ service, code, signal });
    });
    this.current.set(service, proc);
    return proc;
  }

  /** SIGKILL: no shutdown hook runs, no group is left, no transaction commits. */
  async kill(service: ServiceName): Promise<void> {
    const proc = this.current.get(service)!;
    this.stopping.add(proc);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** SIGTERM, as an orchestrator stops a pod: returns how the process ended and how long it took. */
  async terminate(service: ServiceName): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const proc = this.current.get(service)!;
    this.stopping.add(proc);
    const started = Date.now();
    proc.child.kill('SIGTERM');
    const exit = await proc.exited;
    return { ...exit, ms: Date.now() - started };
  }

  /** Starts the service again on its port and group; resolves once its HTTP API answers. */
  async restart(service: ServiceName): Promise<void> {
    const proc = this.launch(service);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && proc.child.exitCode === null) {
      if (
        (await fetch(`${this.urls[service]}/health/live`).then(
          (r) => r.status,
          () => 0,
        )) === 200
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${service} did not come back: ${this.log(service).slice(-2000)}`);
  }

  async waitReady(service: ServiceName, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (
        (await fetch(`${this.urls[service]}/health/ready`, { signal: AbortSignal.timeout(3000) }).then(
          (r) => r.status,
          () => 0,
        )) === 200
      )
        return true;
      if (this.current.get(service)!.child.exitCode !== null) throw new Error(`${service} exited: ${this.log(service).slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  }

  /** Everything every generation of the service printed. */
  log(service: ServiceName): string {
    return this.output.get(service)!.join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.current.values()].map(async (proc) => {
        this.stopping.add(proc);
        if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM');
        await proc.exited;
      }),
    );
  }
}

/** Runs `node scripts/kafka.mjs <command>` against the suite's broker (kill | restart), failing loudly. */
export function brokerCommand(command: 'kill' | 'restart'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'kafka.mjs'), command], { cwd: repoRoot, env: process.env });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`kafka.mjs ${command} failed: ${out.trim()}`))));
  });
}
