import { join } from 'node:path';
import Piscina from 'piscina';
import type { FeedReading } from '../wire/read-feed';
import type { WireFormat } from '../wire/wire-format';
import type { PageReading } from './read-page';

export interface PageReadingSize {
  /** Threads reading pages, apart from the story text threads, so that a long page never holds up typed drafts. */
  threads: number;
  /** Pages that may wait for a thread; past that, PageReadingBusy. */
  queue: number;
  /** A page still being read after this long is given up (its thread is ended and another started). */
  timeoutMs: number;
}

export const DEFAULT_PAGE_READING: PageReadingSize = { threads: 1, queue: 4, timeoutMs: 15_000 };

/** Every page thread is busy and the queue is full: the page was not read, and can be sent again in a moment. */
export class PageReadingBusy extends Error {
  override readonly name = 'PageReadingBusy';
}

/** The page took longer to read than any article page does. */
export class PageReadingTimeout extends Error {
  override readonly name = 'PageReadingTimeout';
}

const WORKER = join(__dirname, __filename.endsWith('.ts') ? 'page-reading.worker.cjs' : 'page-reading.worker.js');

/** Saved web pages (parsed, read and sanitised) and wire feeds (parsed) on worker threads of their own: the event loop only hands them over. */
export class PageReadingPool {
  private readonly pool: Piscina;
  private inHand = 0;

  constructor(readonly size: PageReadingSize = DEFAULT_PAGE_READING) {
    this.pool = new Piscina({ filename: WORKER, minThreads: 0, maxThreads: size.threads, idleTimeout: 60_000 });
  }

  read(html: string): Promise<PageReading> {
    return this.run<PageReading>('readPage', html, 'page');
  }

  /** A wire feed (RSS, Atom or ninjs text) parsed and mapped to drafts' fields, on the same threads. */
  readFeed(text: string, format: WireFormat): Promise<FeedReading> {
    return this.run<FeedReading>('readFeed', { text, format }, 'feed');
  }

  /** A ninjs push the JSON body parser already read. */
  readNinjs(doc: unknown): Promise<FeedReading> {
    return this.run<FeedReading>('ninjsOf', doc, 'feed');
  }

  private async run<T>(name: string, task: unknown, what: string): Promise<T> {
    if (this.inHand >= this.size.threads + this.size.queue) throw new PageReadingBusy(`${this.inHand} pages or feeds are being read`);
    this.inHand++;
    const signal = AbortSignal.timeout(this.size.timeoutMs);
    try {
      return (await this.pool.run(task, { name, signal })) as T;
    } catch (err) {
      if (signal.aborted) throw new PageReadingTimeout(`the ${what} was still being read after ${this.size.timeoutMs} ms`);
      throw err;
    } finally {
      this.inHand--;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

let shared: PageReadingPool | undefined;

/** The process's page threads, started on first use. */
export function pageReadingPool(): PageReadingPool {
  return (shared ??= new PageReadingPool());
}

/** Closes the process's page threads (a service shutting down). */
export async function stopPageReading(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
