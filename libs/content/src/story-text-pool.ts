import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Person, Refusal, StoryContent, StoryLimits } from '@newsroom/contracts';
import Piscina from 'piscina';
import type { CleanedBody, StoryMeasure } from './story-text';

export interface StoryTextPoolSize {
  /** Worker threads, at most the cores there are. */
  threads: number;
  /**
   * Bodies at the cap that may wait for a thread. What waits is weighed by its length, so that the
   * room a long story takes holds dozens of short ones; work past it is refused with StoryTextBusy.
   */
  queue: number;
}

// A task's weight is its body's length plus this, so that even empty bodies are bounded in number.
const TASK_WEIGHT = 1_000;
const AT_THE_CAP = StoryLimits.body + TASK_WEIGHT;

/** One core is left to the event loop where there are several; a thread cleans some 20 to 40 bodies at the cap a second. */
export function defaultPoolSize(cores = availableParallelism()): StoryTextPoolSize {
  const threads = Math.max(1, Math.min(cores - 1, 4));
  return { threads, queue: 32 * threads };
}

/** Every thread is busy and the queue is full: the work was not started, and can be asked for again in a moment (429). */
export class StoryTextBusy extends Refusal {
  constructor(why: string) {
    super(
      'busy',
      'busy',
      'Too many stories at once',
      `Too many stories are being processed right now (${why}); send it again in a second, with the same Idempotency-Key where it has one.`,
    );
  }
}

// Built, the worker is the .js beside this file; run from the TypeScript sources (Jest, ts-node), a shim compiles it first.
const WORKER = join(__dirname, __filename.endsWith('.ts') ? 'story-text.worker.cjs' : 'story-text.worker.js');

/**
 * The text work whose cost grows with a story's body (sanitising, counting, sizing its events: tens of
 * milliseconds at the cap) done on worker threads, so that the event loop keeps answering meanwhile.
 */
export class StoryTextPool {
  private readonly pool: Piscina;
  /** The weight of the tasks handed to the threads and not yet done, running or waiting. */
  private inHand = 0;
  private readonly room: number;

  constructor(readonly size: StoryTextPoolSize = defaultPoolSize()) {
    this.pool = new Piscina({ filename: WORKER, minThreads: 1, maxThreads: size.threads, idleTimeout: 30_000 });
    this.room = (size.threads + size.queue) * AT_THE_CAP;
  }

  cleanBody(html: string): Promise<CleanedBody> {
    return this.run('cleanBody', html, html.length);
  }

  measure(content: Omit<StoryContent, 'wordCount'>, author: Person): Promise<StoryMeasure> {
    return this.run('measureStory', { content, author }, content.body.length);
  }

  /** Lets the threads finish the tasks they hold, then ends them. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async run<T>(name: string, task: unknown, length: number): Promise<T> {
    const weight = length + TASK_WEIGHT;
    if (this.inHand + weight > this.room) {
      throw new StoryTextBusy(
        `the ${this.size.threads} text thread(s) hold as much story text as ${this.size.queue} more bodies at the cap`,
      );
    }
    this.inHand += weight;
    try {
      return (await this.pool.run(task, { name })) as T;
    } finally {
      this.inHand -= weight;
    }
  }
}

let shared: StoryTextPool | undefined;

/** The process's pool: the one the service started with its settings, else one of the default size. */
export function storyTextPool(): StoryTextPool {
  return (shared ??= new StoryTextPool());
}

/** Starts the process's pool at this size (a service at start-up), closing any earlier one. */
export async function startStoryText(size: StoryTextPoolSize): Promise<StoryTextPool> {
  await stopStoryText();
  return (shared = new StoryTextPool(size));
}

/** Closes the process's pool (a service shutting down); the next storyTextPool() starts another. */
export async function stopStoryText(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
