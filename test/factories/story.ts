import { randomUUID } from 'node:crypto';
import { Person, StoryContent } from '@newsroom/contracts';

/** French typography's spaces: no-break before « » : and narrow no-break before ? ! ; */
export const NBSP = '\u00a0';
export const NNBSP = '\u202f';

export const journalist = (name = 'Élodie Lefèvre'): Person => ({ id: `journalist-${randomUUID()}`, name });
export const editor = (name = 'Chloé Bernard'): Person => ({ id: `editor-${randomUUID()}`, name });

/**
 * A story as ingestion hands it on (sanitised, slugged, counted): French, with « », ’, accents
 * and no-break spaces, which must come out byte for byte. `wordCount` counts this body's words;
 * override it with the body.
 */
export function storyContent(overrides: Partial<StoryContent> = {}): StoryContent {
  return {
    headline: `Retraites${NBSP}: qu’a vraiment promis le gouvernement${NNBSP}?`,
    standfirst: `À l’Assemblée, la Première ministre a défendu «${NBSP}un texte d’équilibre${NBSP}».`,
    body: `<p>«${NBSP}Nous ne reculerons pas${NBSP}», a lancé la Première ministre.</p>`,
    language: 'fr',
    section: 'Économie',
    tags: ['retraites', 'Assemblée nationale'],
    byline: { name: 'Élodie Lefèvre', bio: `Suit les questions sociales depuis 2016, après huit ans à «${NBSP}Ouest-France${NBSP}».` },
    slug: 'retraites-ce-qua-promis-le-gouvernement',
    wordCount: 9,
    ...overrides,
  };
}

/** What a journalist sends to POST /v1/drafts: the content before ingestion adds slug and word count. */
export function draftRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { slug: _slug, wordCount: _wordCount, ...request } = storyContent();
  return { ...request, ...overrides };
}
