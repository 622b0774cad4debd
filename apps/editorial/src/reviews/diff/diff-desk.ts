import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { DiffOutcome, DiffTask } from './diff.worker';

/** A word diff may search this long per part, a paragraph diff this long after it; a task is ended past HARD_LIMIT_MS. */
export const DIFF_BUDGET = { wordMs: 1_000, paragraphMs: 500, hardLimitMs: 5_000 } as const;

/** Why a diff could not be made now: too many waiting, or the task ran past its hard limit. */
export class DiffUnavailable extends Error {
  override readonly name = 'DiffUnavailable';
  constructor(readonly why: 'busy' | 'too-slow') {
    super(why === 'busy' ? 'every diff worker is busy and the queue is full' : 'the diff ran past its hard limit');
  }
}

// Compiled, the worker is a .js file beside this one; under ts-jest it is TypeScript, loaded through ts-node.
const compiled = __filename.endsWith('.js');

/**
 * The worker threads that diff revisions, so that no request blocks the event loop: one thread (the
 * machine's other cores serve requests and the consumers), a short queue, started on first use.
 */
@Injectable()
export class DiffDesk implements OnModuleDestroy {
  private readonly pool = new Piscina<DiffTask, DiffOutcome>({
    filename: join(__dirname, `diff.worker.${compiled ? 'js' : 'ts'}`),
    ...(compiled ? {} : { execArgv: ['--require', 'ts-node/register/transpile-only'] }),
    minThreads: 0,
    maxThreads: 1,
    maxQueue: 8,
    idleTimeout: 30_000,
  });

  async diff(texts: DiffTask['texts']): Promise<DiffOutcome> {
    const task: DiffTask = { texts, wordBudgetMs: DIFF_BUDGET.wordMs, paragraphBudgetMs: DIFF_BUDGET.paragraphMs };
    try {
      return await this.pool.run(task, { signal: AbortSignal.timeout(DIFF_BUDGET.hardLimitMs) });
    } catch (err) {
      if (err instanceof Error && err.message === 'Task queue is at limit') throw new DiffUnavailable('busy');
      if (err instanceof Error && err.name === 'AbortError') throw new DiffUnavailable('too-slow');
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
