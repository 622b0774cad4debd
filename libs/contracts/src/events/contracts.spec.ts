import { NBSP } from '@newsroom/test-factories';
import {
  allContracts,
  ArticleCorrected,
  ArticleKilled,
  ArticlePublished,
  ArticleRepublished,
  ArticleScheduled,
  ArticleUnpublished,
  ArticleUpdated,
  contractFor,
  createEvent,
  DraftRevised,
  DraftSubmitted,
  DraftWithdrawn,
  EventContract,
  InvalidPayloadError,
  LanguageTag,
  NINJS_SCHEMA_URI,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewClaimed,
  ReviewRejected,
  Topics,
} from '..';

const storyId = '0b7d4c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
const author = { id: 'journalist-7', name: 'Élodie Lefèvre' };
const editor = { id: 'editor-42', name: 'Chloé Bernard' };

const content = {
  headline: `Retraites${NBSP}: qu’a vraiment promis le gouvernement\u202f?`,
  standfirst: `À l’Assemblée, «${NBSP}un texte d’équilibre${NBSP}».`,
  body: `<p>«${NBSP}Nous ne reculerons pas${NBSP}», a lancé la Première ministre.</p>`,
  language: 'fr',
  section: 'Économie',
  tags: ['retraites', 'Assemblée nationale'],
  byline: { name: 'Élodie Lefèvre', bio: 'Suit les questions sociales depuis 2016.' },
  slug: 'retraites-ce-qua-promis-le-gouvernement',
  wordCount: 10,
};

const { standfirst: _standfirst, section: _section, ...bareContent } = { ...content, tags: [] as string[], byline: { name: 'AFP' } };

const revision = { storyId, revision: 2, author, content, at: '2025-03-14T09:30:00+01:00' };
const decision = { storyId, revision: 2, editor, at: '2025-03-14T10:05:00Z' };

const article = {
  uri: `urn:newsroom:article:${storyId}`,
  standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
  type: 'text',
  representationType: 'full',
  version: '1',
  firstCreated: '2025-03-14T10:05:02.118Z',
  versionCreated: '2025-03-14T10:05:02.118Z',
  pubStatus: 'usable',
  language: 'fr',
  headlines: [{ role: 'main', contentType: 'text/plain', value: content.headline }],
  bodies: [{ role: 'main', contentType: 'text/html', value: content.body, wordCount: 10 }],
  by: 'Élodie Lefèvre',
};

// Each contract with one payload it must accept as is.
const valid: [EventContract<unknown>, unknown][] = [
  [DraftSubmitted, revision],
  [DraftRevised, { ...revision, revision: 3 }],
  [DraftRevised, { ...revision, revision: 4, updates: { version: 2 } }],
  [DraftWithdrawn, { storyId, revision: 2, by: author, at: '2025-03-14T11:00:00Z' }],
  [ReviewClaimed, { ...decision, claimedUntil: '2025-03-14T10:35:00Z' }],
  [ReviewApproved, { ...decision, note: 'RAS', author, content, submittedAt: '2025-03-14T09:30:00+01:00' }],
  [ReviewApproved, { ...decision, author, content: bareContent, submittedAt: '2025-03-14T09:30:00Z' }],
  [ReviewChangesRequested, { ...decision, comment: 'Sourcer le chiffre du deuxième paragraphe.' }],
  [ReviewRejected, { ...decision, reason: 'Hors ligne éditoriale.' }],
  [ArticlePublished, article],
  [ArticleScheduled, { ...article, pubStatus: 'withheld', embargoedUntil: '2025-03-15T06:00:00+01:00' }],
  [ArticleUpdated, { ...article, version: '2' }],
  [
    ArticleCorrected,
    { ...article, version: '3', descriptions: [{ role: 'correction', contentType: 'text/plain', value: 'Nous avions écrit « 62 ans ».' }] },
  ],
  [ArticleUnpublished, { ...article, pubStatus: 'canceled', edNote: 'Source à revérifier' }],
  [ArticleRepublished, { ...article, version: '4' }],
  [
    ArticleKilled,
    {
      uri: article.uri,
      standard: article.standard,
      version: '4',
      versionCreated: '2025-03-16T08:00:00Z',
      pubStatus: 'canceled',
      edNote: 'Décision de justice',
    },
  ],
];

const registered = [
  DraftSubmitted,
  DraftRevised,
  DraftWithdrawn,
  ReviewClaimed,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewRejected,
  ArticlePublished,
  ArticleScheduled,
  ArticleUpdated,
  ArticleCorrected,
  ArticleUnpublished,
  ArticleRepublished,
  ArticleKilled,
];

/** The problems of a payload the contract refuses; fails the test if it does not throw InvalidPayloadError. */
function problemsOf(contract: EventContract<unknown>, data: unknown): string[] {
  try {
    contract.parse(data);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidPayloadError);
    expect((err as InvalidPayloadError).eventType).toBe(contract.type);
    return (err as InvalidPayloadError).problems;
  }
  throw new Error(`${contract.type} accepted ${JSON.stringify(data)}`);
}

const without = <T extends object>(object: T, key: keyof T) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

describe('event contracts', () => {
  it.each(valid.map(([contract, data]) => [contract.type, contract, data] as const))(
    '%s accepts a valid payload and returns it unchanged',
    (_, contract, data) => {
      const parsed = contract.parse(data);
      expect(parsed).toEqual(data);
      expect(JSON.stringify(parsed)).toBe(JSON.stringify(data));
    },
  );

  it.each(registered.map((contract) => [contract.type, contract] as const))('%s refuses data that is not an object', (_, contract) => {
    for (const data of [null, 'text', 42, []]) expect(problemsOf(contract, data)).not.toEqual([]);
  });

  // [contract, what is wrong, the payload, the field its problem must name]
  const invalid: [EventContract<unknown>, string, unknown, string][] = [
    [DraftSubmitted, 'an empty headline', { ...revision, content: { ...content, headline: '' } }, 'content.headline'],
    [
      DraftSubmitted,
      'a headline over 300 characters',
      { ...revision, content: { ...content, headline: 'x'.repeat(301) } },
      'content.headline',
    ],
    [DraftSubmitted, 'revision 0', { ...revision, revision: 0 }, 'revision'],
    [DraftSubmitted, 'a fractional revision', { ...revision, revision: 1.5 }, 'revision'],
    [DraftSubmitted, 'a story id that is not a UUID', { ...revision, storyId: 'story-1' }, 'storyId'],
    [DraftSubmitted, 'no content', without(revision, 'content'), 'content'],
    [DraftSubmitted, 'an empty body', { ...revision, content: { ...content, body: '' } }, 'content.body'],
    [
      DraftSubmitted,
      'a slug with capitals and spaces',
      { ...revision, content: { ...content, slug: 'Retraites Gouvernement' } },
      'content.slug',
    ],
    [DraftSubmitted, 'a language that is not a tag', { ...revision, content: { ...content, language: 'fr_FR' } }, 'content.language'],
    [DraftSubmitted, 'a byline without a name', { ...revision, content: { ...content, byline: { bio: 'x' } } }, 'content.byline.name'],
    [DraftSubmitted, 'a negative word count', { ...revision, content: { ...content, wordCount: -1 } }, 'content.wordCount'],
    [DraftSubmitted, 'tags that are not strings', { ...revision, content: { ...content, tags: ['ok', 7] } }, 'content.tags.1'],
    [DraftSubmitted, 'a time without an offset', { ...revision, at: '2025-03-14T09:30:00' }, 'at'],
    [DraftSubmitted, 'an author without an id', { ...revision, author: { name: 'Élodie' } }, 'author.id'],
    [DraftRevised, 'a story id that is not a UUID', { ...revision, storyId: '' }, 'storyId'],
    [DraftRevised, 'an update of version 0', { ...revision, updates: { version: 0 } }, 'updates.version'],
    [DraftWithdrawn, 'no one who withdrew it', { storyId, revision: 2, at: '2025-03-14T11:00:00Z' }, 'by'],
    [ReviewClaimed, 'a claim with no end', decision, 'claimedUntil'],
    [ReviewClaimed, 'a negative revision', { ...decision, revision: -1, claimedUntil: '2025-03-14T10:35:00Z' }, 'revision'],
    [ReviewApproved, 'no content', { ...decision, author, submittedAt: '2025-03-14T09:30:00Z' }, 'content'],
    [
      ReviewApproved,
      'an empty headline',
      { ...decision, author, content: { ...content, headline: '' }, submittedAt: '2025-03-14T09:30:00Z' },
      'content.headline',
    ],
    [ReviewApproved, 'no submission time', { ...decision, author, content }, 'submittedAt'],
    [ReviewApproved, 'no editor', { ...without(decision, 'editor'), author, content, submittedAt: '2025-03-14T09:30:00Z' }, 'editor'],
    [ReviewChangesRequested, 'an empty comment', { ...decision, comment: '' }, 'comment'],
    [ReviewRejected, 'no reason', decision, 'reason'],
    [ReviewRejected, 'a revision given as text', { ...decision, revision: '2', reason: 'Hors ligne.' }, 'revision'],
    [ArticlePublished, 'no uri', without(article, 'uri'), 'uri'],
    [ArticlePublished, 'a headline that is not text', { ...article, headlines: [{ value: 42 }] }, 'headlines.0.value'],
    [ArticlePublished, 'an unknown publication status', { ...article, pubStatus: 'published' }, 'pubStatus'],
    [ArticlePublished, 'a withheld document', { ...article, pubStatus: 'withheld' }, 'pubStatus'],
    [ArticleScheduled, 'no embargo', { ...article, pubStatus: 'withheld' }, 'embargoedUntil'],
    [ArticleUnpublished, 'a usable document', article, 'pubStatus'],
    [ArticleKilled, 'no uri', { pubStatus: 'canceled', edNote: 'x' }, 'uri'],
  ];

  it.each(invalid.map(([contract, what, data, field]) => [contract.type, what, contract, data, field] as const))(
    '%s refuses %s, naming the field',
    (_, __, contract, data, field) => {
      const problems = problemsOf(contract, data);
      expect(problems.some((problem) => problem.startsWith(`${field}: `) || problem.includes(`'${field}'`))).toBe(true);
    },
  );

  it('names every bad field at once', () => {
    const problems = problemsOf(DraftSubmitted, { ...revision, storyId: 'x', revision: 0, content: { ...content, headline: '' } });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['content.headline', 'revision', 'storyId']);
  });

  it('puts the event type and the problems in the message', () => {
    expect(() => ReviewRejected.parse(decision)).toThrow(/^newsroom\.review\.rejected\.v1 payload is invalid: reason: /);
  });
});

describe(createEvent.name, () => {
  it('wraps valid data in a CloudEvent of the contract’s type', () => {
    const event = createEvent(DraftSubmitted, '/newsroom/ingestion', storyId, revision);
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      source: '/newsroom/ingestion',
      type: 'newsroom.draft.submitted.v1',
      subject: storyId,
      time: expect.any(String),
      dataschema: 'urn:newsroom:schema:newsroom.draft.submitted.v1',
      data: revision,
    });
    expect(new Date(event.time).toISOString()).toBe(event.time);
  });

  it('refuses data its contract refuses', () => {
    const bad = { ...revision, content: { ...content, headline: '' } };
    expect(() => createEvent(DraftSubmitted, '/newsroom/ingestion', storyId, bad)).toThrow(InvalidPayloadError);
    expect(() => createEvent(ReviewRejected, '/newsroom/editorial', storyId, { ...decision, reason: '' })).toThrow(InvalidPayloadError);
    expect(() => createEvent(ArticlePublished, '/newsroom/publication', storyId, { ...article, extra: true } as never)).toThrow(
      InvalidPayloadError,
    );
  });
});

describe('the contract registry', () => {
  it('finds each contract by its type, and nothing for an unknown type', () => {
    for (const contract of registered) expect(contractFor(contract.type)).toBe(contract);
    expect(contractFor('unknown.type')).toBeUndefined();
    expect(contractFor('newsroom.draft.submitted.v2')).toBeUndefined();
    expect(allContracts()).toEqual(expect.arrayContaining(registered));
  });

  it.each(allContracts().map((contract) => [contract.type, contract] as const))(
    '%s is on a Newsroom topic and named newsroom.<aggregate>.<event>.v<N>',
    (type, contract) => {
      expect(Object.values(Topics)).toContain(contract.topic);
      expect(type).toMatch(/^newsroom\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/);
    },
  );

  it('puts all the events of one aggregate on one topic', () => {
    const topicOf = new Map<string, Set<string>>();
    for (const { type, topic } of allContracts()) {
      const aggregate = type.split('.')[1];
      topicOf.set(aggregate, (topicOf.get(aggregate) ?? new Set()).add(topic));
    }
    for (const topics of topicOf.values()) expect(topics.size).toBe(1);
  });
});

describe('LanguageTag', () => {
  it.each(['fr', 'fr-CA', 'pt-BR', 'en', 'zh-Hant-TW'])('accepts %j', (tag) => {
    expect(LanguageTag.safeParse(tag).success).toBe(true);
  });

  it.each(['french', '', 'f', 'fr_FR', 'fr-', 42])('refuses %j', (tag) => {
    const result = LanguageTag.safeParse(tag);
    expect(result.success).toBe(false);
  });

  it('explains what it expects', () => {
    const result = LanguageTag.safeParse('f');
    expect(!result.success && result.error.issues[0].message).toBe('must be a BCP 47 language tag such as "fr" or "pt-BR"');
  });
});
