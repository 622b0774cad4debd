import { get } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Stall {
  service: string;
  ms: number;
  /** What was in flight when the slowest probe was answered: the likely culprits. */
  inFlight: string[];
}

/** A fresh connection per probe, apart from the campaign's pool, so that no fuzzed request's closed socket is blamed on a service. */
function liveStatus(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 30_000 }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('timeout', () => request.destroy(new Error('no answer in 30 s')));
    request.once('error', (err) => resolve(`no answer: ${err.message}`));
  });
}

/**
 * Asks each service's `/health/live` every few milliseconds, one probe at a time per service, and
 * keeps the slowest answer: how long that service stopped answering while the campaign ran.
 */
export class HealthProber {
  worst: Stall = { service: '-', ms: 0, inFlight: [] };
  probes = 0;
  readonly latencies: number[] = [];
  failures: string[] = [];
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly urls: Record<string, string>,
    private readonly inFlight: () => string[],
    private readonly intervalMs = 10,
  ) {}

  start(): this {
    this.loops = Object.entries(this.urls).map(([service, url]) => this.probe(service, `${url}/health/live`));
    return this;
  }

  private async probe(service: string, url: string): Promise<void> {
    while (this.running) {
      const started = performance.now();
      const status = await liveStatus(url);
      if (status !== 200) this.failures.push(`${service} /health/live answered ${status}`);
      const ms = performance.now() - started;
      this.probes++;
      this.latencies.push(ms);
      if (ms > this.worst.ms) this.worst = { service, ms, inFlight: this.inFlight() };
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }

  /** The probe latency that 99 % of probes beat: the ordinary wait, as against the worst. */
  percentile(p: number): number {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  }

  async stop(): Promise<Stall> {
    this.running = false;
    await Promise.all(this.loops);
    return this.worst;
  }
}
