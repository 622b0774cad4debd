/** Wire items and the feeds that carry them, in RSS 2.0, Atom 1.0 and ninjs, for the wire tests and the bench. */
export interface WireEntry {
  id?: string;
  title: string;
  body: string;
  link?: string;
  author?: string;
  categories?: string[];
  updated?: string;
  language?: string;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A French dispatch with the typography that must come out byte for byte: « », ’, accents, no-break spaces. */
export function frenchEntry(n: number, overrides: Partial<WireEntry> = {}): WireEntry {
  return {
    id: `urn:agence:dépêche:${n}`,
    title: `L’été à Besançon\u00a0: « canicule » n°\u00a0${n}`,
    body: `<p>Les températures ont dépassé 38\u00a0°C, a indiqué Météo‑France\u00a0: « c’est exceptionnel » (dépêche ${n}).</p>`,
    link: `https://agence.example/depeches/${n}`,
    author: 'Claire Dupont',
    categories: ['Météo', 'Régions'],
    updated: new Date(Date.UTC(2026, 6, 14, 8, 0, n % 60)).toISOString(),
    ...overrides,
  };
}

export function rssFeed(entries: WireEntry[], { language = 'fr' } = {}): string {
  const items = entries.map(
    (entry) => `
    <item>
      ${entry.id === undefined ? '' : `<guid isPermaLink="false">${xml(entry.id)}</guid>`}
      <title>${xml(entry.title)}</title>
      ${entry.link === undefined ? '' : `<link>${xml(entry.link)}</link>`}
      <description><![CDATA[${entry.body}]]></description>
      ${entry.author === undefined ? '' : `<dc:creator>${xml(entry.author)}</dc:creator>`}
      ${(entry.categories ?? []).map((category) => `<category>${xml(category)}</category>`).join('')}
      ${entry.updated === undefined ? '' : `<pubDate>${new Date(entry.updated).toUTCString()}</pubDate>`}
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Agence</title>
    <link>https://agence.example/</link>
    <description>Dépêches</description>
    <language>${language}</language>${items.join('')}
  </channel>
</rss>`;
}

export function atomFeed(entries: WireEntry[], { language = 'fr' } = {}): string {
  const items = entries.map(
    (entry) => `
  <entry>
    <id>${xml(entry.id ?? '')}</id>
    <title type="text">${xml(entry.title)}</title>
    ${entry.link === undefined ? '' : `<link rel="alternate" href="${xml(entry.link)}"/>`}
    <updated>${entry.updated ?? '2026-07-14T08:00:00Z'}</updated>
    ${entry.author === undefined ? '' : `<author><name>${xml(entry.author)}</name></author>`}
    ${(entry.categories ?? []).map((category) => `<category term="${xml(category)}"/>`).join('')}
    <content type="html">${xml(entry.body)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">
  <id>urn:agence:flux</id>
  <title>Agence</title>
  <updated>2026-07-14T08:00:00Z</updated>${items.join('')}
</feed>`;
}

export function ninjsItem(entry: WireEntry, { language = 'fr' } = {}) {
  return {
    uri: entry.id,
    type: 'text',
    versionCreated: entry.updated ?? '2026-07-14T08:00:00Z',
    language: entry.language ?? language,
    headlines: [{ role: 'main', contentType: 'text/plain', value: entry.title }],
    bodies: [{ role: 'main', contentType: 'text/html', value: entry.body }],
    ...(entry.author && { by: entry.author }),
    subjects: (entry.categories ?? []).map((name) => ({ name })),
  };
}

export const ninjsFeed = (entries: WireEntry[], options: { language?: string } = {}) =>
  JSON.stringify({ items: entries.map((entry) => ninjsItem(entry, options)) });

/** The attacks a feed can carry in its XML: each must be refused, and nothing stored. */
export const xmlAttacks = {
  billionLaughs: `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><language>fr</language><item><guid>bomb</guid><title>&lol9;</title><description>&lol9;</description></item></channel></rss>`,
  externalEntity: `<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><language>fr</language><item><guid>xxe</guid><title>&xxe;</title><description>&xxe;</description></item></channel></rss>`,
  externalDtd: `<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE rss SYSTEM "http://127.0.0.1:1/evil.dtd">
<rss version="2.0"><channel><language>fr</language><item><guid>dtd</guid><title>t</title><description>d</description></item></channel></rss>`,
  malformed: `<?xml version="1.0"?>
<rss version="2.0"><channel>
<item><guid>m</guid><title>t</title>
<description>d</item></channel></rss>`,
};
