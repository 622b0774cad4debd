/** One readiness probe: when its answer (or its failure) came, and the status; 0 when nothing answered. */
export interface HealthSample {
  at: number;
  status: number;
}

const PROBE_TIMEOUT_MS = 3_000;

/**
 * Watches every service's readiness while a scenario runs, so the spec can check that a service
 * said 503 while its database or broker was gone and came back to 200 afterwards, rather than
 * trusting its logs. Each service is probed on its own loop: one hung service does not delay the others.
 */
export class HealthMonitor {
  private readonly history = new Map<string, HealthSample[]>();
  private readonly loops: Promise<void>[] = [];
  private running = false;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly urls: Record<string, string>,
    private readonly intervalMs = 250,
  ) {
    for (const service of Object.keys(urls)) this.history.set(service, []);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const [service, url] of Object.entries(this.urls)) this.loops.push(this.watch(service, `${url}/health/ready`));
  }

  async stop(): Promise<void> {
    this.running = false;
    // Cut the waits short; a probe in flight still finishes within its timeout.
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops.splice(0));
  }

  samples(service: string, sinceMs = 0): HealthSample[] {
    return (this.history.get(service) ?? []).filter((sample) => sample.at >= sinceMs);
  }

  sawStatus(service: string, status: number, sinceMs: number): boolean {
    return this.samples(service, sinceMs).some((sample) => sample.status === status);
  }

  private async watch(service: string, url: string): Promise<void> {
    const samples = this.history.get(service)!;
    while (this.running) {
      const status = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
        async (response) => {
          // Drain the body so the connection is reused rather than left half-read.
          await response.arrayBuffer().catch(() => undefined);
          return response.status;
        },
        () => 0,
      );
      samples.push({ at: Date.now(), status });
      await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.intervalMs);
      this.wakers.add(done);
    });
  }
}
