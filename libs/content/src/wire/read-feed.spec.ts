import { atomFeed, frenchEntry, ninjsFeed, rssFeed, xmlAttacks } from '@newsroom/test-factories';
import { declaresDocumentType, FeedItem, plainFromHtml, readFeed } from './read-feed';

const itemsOf = (reading: ReturnType<typeof readFeed>): FeedItem[] => {
  if (!('items' in reading)) throw new Error(`no items: ${JSON.stringify(reading)}`);
  return reading.items;
};

describe(readFeed.name, () => {
  const entry = frenchEntry(1);

  it.each([
    ['rss', rssFeed([entry])],
    ['atom', atomFeed([entry])],
    ['ninjs', ninjsFeed([entry])],
  ] as const)('maps a %s item with its French text byte for byte', (format, text) => {
    const [item] = itemsOf(readFeed({ text, format }));
    expect(item).toMatchObject({
      key: entry.id,
      ...(format !== 'ninjs' && { link: entry.link }),
      originalTime: entry.updated,
      fields: { headline: entry.title, body: entry.body, language: 'fr', tags: ['Météo', 'Régions'], byline: { name: 'Claire Dupont' } },
    });
  });

  it('keys an item without a guid by its link and title, and tells versions apart by content and update time', () => {
    const [a] = itemsOf(readFeed({ text: rssFeed([frenchEntry(1, { id: undefined })]), format: 'rss' }));
    const [b] = itemsOf(readFeed({ text: rssFeed([frenchEntry(1, { id: undefined, body: '<p>autre</p>' })]), format: 'rss' }));
    expect(a.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.key).toBe(a.key);
    expect(b.fingerprint).not.toBe(a.fingerprint);
    const [c] = itemsOf(readFeed({ text: rssFeed([frenchEntry(1, { id: undefined })]), format: 'rss' }));
    expect(c.fingerprint).toBe(a.fingerprint);
  });

  it('decodes entities and drops markup in titles', () => {
    expect(plainFromHtml('L&#8217;&eacute;t&eacute; <b>chaud</b>')).toBe('L’été chaud');
    const [item] = itemsOf(readFeed({ text: rssFeed([frenchEntry(1, { title: 'AT&T <em>rachète</em>' })]), format: 'rss' }));
    expect(item.fields?.headline).toBe('AT&T rachète');
  });

  it('refuses one bad item and reads the others', () => {
    const items = itemsOf(readFeed({ text: rssFeed([frenchEntry(1), frenchEntry(2, { title: '' }), frenchEntry(3)]), format: 'rss' }));
    expect(items.map((item) => item.refused)).toEqual([undefined, 'the item has no title', undefined]);
  });

  it.each(['billionLaughs', 'externalEntity', 'externalDtd'] as const)('refuses the %s attack before parsing', (attack) => {
    expect(readFeed({ text: xmlAttacks[attack], format: 'rss' })).toEqual({ refused: expect.stringMatching(/document type/) });
  });

  it('names the line and column of malformed XML', () => {
    expect(readFeed({ text: xmlAttacks.malformed, format: 'rss' })).toMatchObject({ line: 4, column: expect.any(Number) });
  });

  it('refuses more than 500 items whole', () => {
    const many = Array.from({ length: 501 }, (_, i) => frenchEntry(i));
    expect(readFeed({ text: rssFeed(many), format: 'rss' })).toEqual({ refused: expect.stringMatching(/501 items/) });
  });

  it('finds a document type only in the prolog', () => {
    expect(declaresDocumentType('<?xml version="1.0"?><!-- x --><!DOCTYPE a><a/>')).toBe(true);
    expect(declaresDocumentType('<rss><![CDATA[<!DOCTYPE html>]]></rss>')).toBe(false);
  });
});
