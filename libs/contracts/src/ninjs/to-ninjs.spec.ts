import { createEvent } from '../events/event-contract';
import { ArticlePublished } from '../events/article-events';
import { StoryContent } from '../stories/story';
import { NINJS_SCHEMA_URI, ninjsProblems } from './ninjs';
import { journalist, NBSP, NNBSP, storyContent } from '@newsroom/test-factories';
import { ArticleVersion } from './article-version';
import { toNinjsArticle } from './to-ninjs';

const storyId = '3f0c2a9e-7b1d-4c8e-9f45-2d6a1b7e8c90';

// Parsed through the contract, so the fixture is content the review service could really approve.
const content = StoryContent.parse(
  storyContent({
    standfirst: `À l’Assemblée, la Première ministre a défendu «${NBSP}un texte d’équilibre${NBSP}». Ce qui change, et ce qui reste flou.`,
    body:
      [
        `<p>«${NBSP}Nous ne reculerons pas${NBSP}», a lancé la Première ministre mardi, devant des bancs clairsemés.</p>`,
        `<p>ÉTAT DES LIEUX. L’âge légal passerait de 62 à 64${NBSP}ans d’ici 2030. À gauche comme chez les syndicats, on dénonce «${NBSP}un passage en force${NBSP}».</p>`,
        `<p>Ça reste flou pour les carrières longues${NNBSP}: <em>aucun</em> décret n’est encore paru.</p>`,
      ].join('\n') + '\n',
    tags: ['retraites', 'Assemblée nationale', 'syndicats'],
    byline: {
      name: 'Élodie Lefèvre',
      bio: `Élodie Lefèvre suit les questions sociales au service Économie depuis 2016, après huit ans à «${NBSP}Ouest-France${NBSP}».`,
    },
    wordCount: 57,
  }),
);

const version: ArticleVersion = {
  storyId,
  number: 1,
  content,
  author: journalist('Élodie Lefèvre'),
  submittedAt: '2025-03-14T09:30:00+01:00',
  firstCreated: '2025-03-14T10:05:02.118Z',
  versionCreated: '2025-03-14T10:05:02.118Z',
};

/** The same version without anything optional: no standfirst, bio, section or tags. */
function bareVersion(): ArticleVersion {
  const { standfirst: _standfirst, section: _section, ...bare } = content;
  return { ...version, content: { ...bare, tags: [], byline: { name: bare.byline.name } } };
}

describe(toNinjsArticle.name, () => {
  const document = toNinjsArticle(version);

  it('makes a document the official ninjs 3.1 schema accepts', () => {
    expect(ninjsProblems(document)).toEqual([]);
    expect(ArticlePublished.parse(document)).toBe(document);
    expect(createEvent(ArticlePublished, '/newsroom/publication', storyId, document).data).toEqual(document);
  });

  it('maps the version as documented', () => {
    expect(document).toEqual({
      uri: `urn:newsroom:article:${storyId}`,
      standard: { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json' },
      type: 'text',
      representationType: 'full',
      version: '1',
      firstCreated: '2025-03-14T10:05:02.118Z',
      versionCreated: '2025-03-14T10:05:02.118Z',
      contentCreated: '2025-03-14T09:30:00+01:00',
      pubStatus: 'usable',
      language: 'fr',
      slugline: 'retraites-ce-qua-promis-le-gouvernement',
      headlines: [{ role: 'main', contentType: 'text/plain', value: content.headline }],
      descriptions: [
        { role: 'summary', contentType: 'text/plain', value: content.standfirst },
        { role: 'author-bio', contentType: 'text/plain', value: content.byline.bio },
      ],
      bodies: [{ role: 'main', contentType: 'text/html', value: content.body, wordCount: 57 }],
      by: 'Élodie Lefèvre',
      people: [{ name: 'Élodie Lefèvre', rel: 'author' }],
      subjects: [
        { name: 'Économie', rel: 'section', literal: 'Économie' },
        { name: 'retraites', rel: 'tag', literal: 'retraites' },
        { name: 'Assemblée nationale', rel: 'tag', literal: 'Assemblée nationale' },
        { name: 'syndicats', rel: 'tag', literal: 'syndicats' },
      ],
      altIds: [
        { role: 'slug', value: 'retraites-ce-qua-promis-le-gouvernement' },
        { role: 'draft-id', value: storyId },
      ],
    });
    expect(document.standard.schema).toBe(NINJS_SCHEMA_URI);
  });

  it('passes headline, standfirst, body and bio through byte for byte', () => {
    const texts: [string | undefined, string | undefined][] = [
      [document.headlines[0].value, content.headline],
      [document.descriptions?.find((d) => d.role === 'summary')?.value, content.standfirst],
      [document.bodies[0].value, content.body],
      [document.descriptions?.find((d) => d.role === 'author-bio')?.value, content.byline.bio],
    ];
    for (const [out, input] of texts) {
      expect(out).toBe(input);
      expect(Buffer.from(out ?? '', 'utf8').equals(Buffer.from(input ?? '', 'utf8'))).toBe(true);
    }
    // The fixture really holds what a careless mapping would damage.
    expect(content.headline).toMatch(/’.*\u202f\?$/);
    expect(content.body).toContain(`«${NBSP}Nous`);
    expect(content.body).toMatch(/^<p>/);
    expect(content.body).toMatch(/<\/p>\n<p>.*\n$/s);
    // And it survives the trip through Kafka's JSON value.
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('leaves out what the story does not have, and still validates', () => {
    const bare = toNinjsArticle({ ...bareVersion(), number: 2, versionCreated: '2025-03-15T08:00:00Z' });
    expect(bare).not.toHaveProperty('descriptions');
    expect(bare).not.toHaveProperty('subjects');
    expect(bare).not.toHaveProperty('edNote');
    expect(bare.version).toBe('2');
    expect(bare.people).toEqual([{ name: 'Élodie Lefèvre', rel: 'author' }]);
    expect(ninjsProblems(bare)).toEqual([]);
  });

  it('credits the wire a story came from in infoSources, and still validates', () => {
    const origin = { source: 'afp-fr', itemId: 'urn:afp:dépêche:1', link: 'https://afp.example/1', originalTime: '2026-07-14T08:00:00Z' };
    const fromWire = toNinjsArticle({ ...version, content: { ...content, origin } });
    expect(fromWire.infoSources).toEqual([{ name: 'afp-fr', role: 'wire', literal: 'urn:afp:dépêche:1', uri: 'https://afp.example/1' }]);
    expect(ninjsProblems(fromWire)).toEqual([]);
    expect(document).not.toHaveProperty('infoSources');
  });

  it('keeps a bio without a standfirst, and tags without a section', () => {
    const base = bareVersion();
    const partial = toNinjsArticle({ ...base, content: { ...base.content, byline: content.byline, tags: ['retraites'] } });
    expect(partial.descriptions).toEqual([{ role: 'author-bio', contentType: 'text/plain', value: content.byline.bio }]);
    expect(partial.subjects).toEqual([{ name: 'retraites', rel: 'tag', literal: 'retraites' }]);
    expect(ninjsProblems(partial)).toEqual([]);
  });

  it('does not change the version it reads', () => {
    const before = JSON.stringify(version);
    toNinjsArticle(version);
    expect(JSON.stringify(version)).toBe(before);
  });
});

describe('the ninjs schema behind ArticlePublished', () => {
  const editorsNote = 'Vérifié le chiffre des 64 ans avec le service politique ; ne pas publier avant 11 h.';
  const document = toNinjsArticle(version);

  it('refuses an unknown top-level property', () => {
    const problems = ninjsProblems({ ...document, editorNote: editorsNote });
    expect(problems).toContain('editorNote: is not a ninjs property');
    expect(() => ArticlePublished.parse({ ...document, editorNote: editorsNote })).toThrow('payload is invalid');
  });

  it('refuses an unknown property inside a headline', () => {
    expect(ninjsProblems({ ...document, headlines: [{ ...document.headlines[0], lang: 'fr' }] })).toContain(
      'headlines.0.lang: is not a ninjs property',
    );
  });

  it('refuses a uri that is not a URI, and a version that is not a string', () => {
    expect(ninjsProblems({ ...document, uri: 'not a uri' })).toEqual([expect.stringMatching(/^uri: /)]);
    expect(ninjsProblems({ ...document, version: 1 })).toEqual([expect.stringMatching(/^version: /)]);
  });
});
