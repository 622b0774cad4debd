import { NewsroomStack } from '../test/support/newsroom-stack';
import { killLeftoverServices } from '../test/support/service-process';

/** The value below which p percent of the sorted figures lie. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Why a bench failed, as the services logged it. */
export function printServiceLogs(stack: NewsroomStack): void {
  for (const [service, proc] of stack.processes)
    process.stderr.write(`--- ${service}\n${proc.stdout().slice(-3000)}${proc.stderr().slice(-2000)}\n`);
}

/** Runs a bench; a failure is printed and exits 1, and no service outlives it. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
    killLeftoverServices();
    process.exit(1);
  });
}
