import { RenderedFeeds } from './rendered-feeds';

describe(RenderedFeeds.name, () => {
  it('gives back what it was given, by tag', () => {
    const sut = new RenderedFeeds();
    sut.set('"a"', '<rss/>');
    expect(sut.get('"a"')).toBe('<rss/>');
    expect(sut.get('"b"')).toBeUndefined();
  });

  it('lets the least recently used go first when over its count', () => {
    const sut = new RenderedFeeds(1000, 2);
    sut.set('"a"', 'a');
    sut.set('"b"', 'b');
    sut.get('"a"');
    sut.set('"c"', 'c');
    expect([sut.get('"a"'), sut.get('"b"'), sut.get('"c"')]).toEqual(['a', undefined, 'c']);
  });

  it('stays within its characters, and keeps nothing larger than all of them', () => {
    const sut = new RenderedFeeds(10, 100);
    sut.set('"a"', 'x'.repeat(6));
    sut.set('"b"', 'y'.repeat(6));
    expect([sut.get('"a"'), sut.get('"b"')]).toEqual([undefined, 'y'.repeat(6)]);
    sut.set('"c"', 'z'.repeat(11));
    expect(sut.get('"c"')).toBeUndefined();
    expect(sut.size).toBe(1);
  });
});
