import { ArticlePublished, createEvent, EventData, NINJS_SCHEMA_URI, ninjsProblems, ReviewApproved } from '@newsroom/contracts';
import { toNinjsArticle } from './ninjs-article';

const NBSP = '\u00a0';
const NNBSP = '\u202f'; // narrow no-break space, before ? ! ; in French typography

const storyId = '3f0c2a9e-7b1d-4c8e-9f45-2d6a1b7e8c90';

// Built through the contract, so the fixture is a payload the review service could really send.
const approved: EventData<typeof ReviewApproved> = ReviewApproved.parse({
  storyId,
  revision: 3,
  editor: { id: 'editor-42', name: 'Chloé Bernard' },
  at: '2025-03-14T10:05:00+01:00',
  note: 'Vérifié le chiffre des 64 ans avec le service politique ; ne pas publier avant 11 h.',
  author: { id: 'journalist-7', name: 'Élodie Lefèvre' },
  submittedAt: '2025-03-14T09:30:00+01:00',
  content: {
    headline: `Retraites${NBSP}: qu’a vraiment promis le gouvernement${NNBSP}?`,
    standfirst: `À l’Assemblée, la Première ministre a défendu «${NBSP}un texte d’équilibre${NBSP}». Ce qui change, et ce qui reste flou.`,
    body:
      [
        `<p>«${NBSP}Nous ne reculerons pas${NBSP}», a lancé la Première ministre mardi, devant des bancs clairsemés.</p>`,
        `<p>ÉTAT DES LIEUX. L’âge légal passerait de 62 à 64${NBSP}ans d’ici 2030. À gauche comme chez les syndicats, on dénonce «${NBSP}un passage en force${NBSP}».</p>`,
        `<p>Ça reste flou pour les carrières longues${NNBSP}: <em>aucun</em> décret n’est encore paru.</p>`,
      ].join('\n') + '\n',
    language: 'fr',
    section: 'Économie',
    tags: ['retraites', 'Assemblée nationale', 'syndicats'],
    byline: {
      name: 'Élodie Lefèvre',
      bio: `Élodie Lefèvre suit les questions sociales au service Économie depuis 2016, après huit ans à «${NBSP}Ouest-France${NBSP}».`,
    },
    slug: 'retraites-ce-qua-promis-le-gouvernement',
    wordCount: 57,
  },
});

const version = { number: 1, firstCreated: '2025-03-14T10:05:02.118Z', versionCreated: '2025-03-14T10:05:02.118Z' };

/** The same approval without anything optional: no standfirst, bio, section, tags or note. */
function bareApproval(): EventData<typeof ReviewApproved> {
  const { standfirst: _standfirst, section: _section, ...content } = approved.content;
  const { note: _note, ...rest } = approved;
  return { ...rest, content: { ...content, tags: [], byline: { name: content.byline.name } } };
}

describe(toNinjsArticle.name, () => {
  const document = toNinjsArticle(approved, version);

  it('makes a document the official ninjs 3.1 schema accepts', () => {
    expect(ninjsProblems(document)).toEqual([]);
    expect(ArticlePublished.parse(document)).toBe(document);
    expect(createEvent(ArticlePublished, '/newsroom/publication', storyId, document).data).toEqual(document);
  });

  it('maps the approved revision as documented', () => {
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
      headlines: [{ role: 'main', contentType: 'text/plain', value: approved.content.headline }],
      descriptions: [
        { role: 'summary', contentType: 'text/plain', value: approved.content.standfirst },
        { role: 'author-bio', contentType: 'text/plain', value: approved.content.byline.bio },
      ],
      bodies: [{ role: 'main', contentType: 'text/html', value: approved.content.body, wordCount: 57 }],
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
      [document.headlines[0].value, approved.content.headline],
      [document.descriptions?.find((d) => d.role === 'summary')?.value, approved.content.standfirst],
      [document.bodies[0].value, approved.content.body],
      [document.descriptions?.find((d) => d.role === 'author-bio')?.value, approved.content.byline.bio],
    ];
    for (const [out, input] of texts) {
      expect(out).toBe(input);
      expect(Buffer.from(out ?? '', 'utf8').equals(Buffer.from(input ?? '', 'utf8'))).toBe(true);
    }
    // The fixture really holds what a careless mapping would damage.
    expect(approved.content.headline).toMatch(/’.*\u202f\?$/);
    expect(approved.content.body).toContain(`«${NBSP}Nous`);
    expect(approved.content.body).toMatch(/^<p>/);
    expect(approved.content.body).toMatch(/<\/p>\n<p>.*\n$/s);
    // And it survives the trip through Kafka's JSON value.
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('keeps the editor’s internal note out of the public document', () => {
    expect(document).not.toHaveProperty('edNote');
    expect(JSON.stringify(document)).not.toContain(approved.note);
  });

  it('leaves out what the story does not have, and still validates', () => {
    const bare = toNinjsArticle(bareApproval(), {
      number: 2,
      firstCreated: '2025-03-14T10:05:02.118Z',
      versionCreated: '2025-03-15T08:00:00Z',
    });
    expect(bare).not.toHaveProperty('descriptions');
    expect(bare).not.toHaveProperty('subjects');
    expect(bare).not.toHaveProperty('edNote');
    expect(bare.version).toBe('2');
    expect(bare.people).toEqual([{ name: 'Élodie Lefèvre', rel: 'author' }]);
    expect(ninjsProblems(bare)).toEqual([]);
  });

  it('keeps a bio without a standfirst, and tags without a section', () => {
    const base = bareApproval();
    const partial = toNinjsArticle(
      { ...base, content: { ...base.content, byline: approved.content.byline, tags: ['retraites'] } },
      version,
    );
    expect(partial.descriptions).toEqual([{ role: 'author-bio', contentType: 'text/plain', value: approved.content.byline.bio }]);
    expect(partial.subjects).toEqual([{ name: 'retraites', rel: 'tag', literal: 'retraites' }]);
    expect(ninjsProblems(partial)).toEqual([]);
  });

  it('does not change the event it reads', () => {
    const before = JSON.stringify(approved);
    toNinjsArticle(approved, version);
    expect(JSON.stringify(approved)).toBe(before);
  });
});

describe('the ninjs schema behind ArticlePublished', () => {
  const document = toNinjsArticle(approved, version);

  it('refuses an unknown top-level property', () => {
    const problems = ninjsProblems({ ...document, editorNote: approved.note });
    expect(problems).toContain('editorNote: is not a ninjs property');
    expect(() => ArticlePublished.parse({ ...document, editorNote: approved.note })).toThrow('payload is invalid');
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
