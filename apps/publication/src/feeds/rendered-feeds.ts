/**
 * Feeds as last written, by entity tag, least recently used out first: a feed is polled far more
 * often than it changes, and writing one takes up to a tenth of a second. Bounded in characters and count.
 */
export class RenderedFeeds {
  private readonly byTag = new Map<string, string>();
  private characters = 0;

  constructor(
    private readonly maxCharacters = 16_000_000,
    private readonly maxFeeds = 256,
  ) {}

  get(tag: string): string | undefined {
    const text = this.byTag.get(tag);
    if (text !== undefined) {
      this.byTag.delete(tag);
      this.byTag.set(tag, text);
    }
    return text;
  }

  set(tag: string, text: string): void {
    if (this.byTag.has(tag) || text.length > this.maxCharacters) return;
    this.byTag.set(tag, text);
    this.characters += text.length;
    for (const [oldest, old] of this.byTag) {
      if (this.characters <= this.maxCharacters && this.byTag.size <= this.maxFeeds) break;
      this.byTag.delete(oldest);
      this.characters -= old.length;
    }
  }

  get size(): number {
    return this.byTag.size;
  }
}
