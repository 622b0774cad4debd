import { FeedItem, FeedReading, PageReadingBusy, pageReadingPool, PageReadingTimeout, WireFormat } from '@newsroom/content';
import { ProblemException } from '@newsroom/platform';
import { Injectable, Logger } from '@nestjs/common';
import { WireImport, WireImportCounts } from './wire-import';
import { WireSource } from './wire-source.entity';

/** A feed that cannot be taken in at all: malformed (with where), refused (a document type, too many items), or the threads busy. */
export class FeedUnusable extends Error {
  override readonly name = 'FeedUnusable';
  constructor(
    message: string,
    readonly kind: 'malformed' | 'refused' | 'busy',
    readonly where: { line?: number; column?: number } = {},
  ) {
    super(message);
  }
}

const logger = new Logger('WireFeeds');

/** The feed's text (or a ninjs push, parsed) read on a page thread; FeedUnusable when it gives no items. */
export async function feedReading(feed: { text: string; format: WireFormat } | { ninjs: unknown }): Promise<{ items: FeedItem[] }> {
  let reading: FeedReading;
  try {
    reading = 'ninjs' in feed ? await pageReadingPool().readNinjs(feed.ninjs) : await pageReadingPool().readFeed(feed.text, feed.format);
  } catch (err) {
    if (err instanceof PageReadingBusy) throw new FeedUnusable('too many pages and feeds are being read right now', 'busy');
    if (err instanceof PageReadingTimeout) throw new FeedUnusable(err.message, 'refused');
    const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    logger.warn(`a wire feed could not be read: ${why}`);
    throw new FeedUnusable(`the feed could not be read: ${why}`, 'malformed');
  }
  if ('malformed' in reading) throw new FeedUnusable(reading.malformed, 'malformed', { line: reading.line, column: reading.column });
  if ('refused' in reading) throw new FeedUnusable(reading.refused, 'refused');
  return reading;
}

/** A refused push as the wire's client is told: 400 naming line and column, 413 for too many items, 429 when busy. */
export function pushRefusal(err: FeedUnusable): ProblemException {
  if (err.kind === 'busy')
    return new ProblemException({
      status: 429,
      type: 'busy',
      detail: `${err.message}; send it again in a few seconds.`,
      headers: { 'Retry-After': '5' },
    });
  const where = err.where.line === undefined ? '' : ` (line ${err.where.line}, column ${err.where.column})`;
  const tooMany = /more than the \d+ a feed may hold/.test(err.message);
  return new ProblemException({
    status: tooMany ? 413 : 400,
    type: err.kind === 'malformed' ? 'feed-malformed' : 'feed-refused',
    detail: `${err.message}${where}.`,
    extensions: { errors: [{ field: 'body', message: `${err.message}${where}`, ...err.where }] },
  });
}

/** Items pushed by a wire: read, then taken in like a poll's. */
@Injectable()
export class WirePush {
  constructor(private readonly wireImport: WireImport) {}

  async push(source: WireSource, feed: { text: string; format: WireFormat } | { ninjs: unknown }): Promise<WireImportCounts> {
    let reading;
    try {
      reading = await feedReading(feed);
    } catch (err) {
      if (err instanceof FeedUnusable) throw pushRefusal(err);
      throw err;
    }
    return this.wireImport.importItems(source, reading.items);
  }
}
