import { bylineName, cutText, languageTag, pageUrl, plainLine } from './page-text';

const NBSP = '\u00a0';

describe(plainLine.name, () => {
  it('collapses the markup’s whitespace, keeps no-break spaces and French punctuation', () => {
    expect(plainLine(`\n  « Rien n’est\n   réglé${NBSP}»,\tdit-il  `)).toBe(`« Rien n’est réglé${NBSP}», dit-il`);
  });

  it('removes what no field takes: controls and bidi overrides', () => {
    expect(plainLine('Ti\u0007tre \u202Emalin\u202C')).toBe('Titre malin');
  });
});

describe(bylineName.name, () => {
  it('keeps the name a page’s byline announces', () => {
    expect(bylineName('Par  Claire Dupont')).toBe('Claire Dupont');
    expect(bylineName('By Jane Doe')).toBe('Jane Doe');
    expect(bylineName('Claire Dupont, envoyée spéciale')).toBe('Claire Dupont, envoyée spéciale');
  });
});

describe(cutText.name, () => {
  it('leaves a text within the bound as it is', () => {
    expect(cutText('Un titre court', 20)).toBe('Un titre court');
  });

  it('cuts at the last whole word, with an ellipsis, within the bound in code points', () => {
    const cut = cutText('Les syndicats maintiennent leur préavis pour le week-end', 30);
    expect(cut).toBe('Les syndicats maintiennent…');
    expect(Array.from(cut).length).toBeLessThanOrEqual(30);
    expect(Array.from(cutText('🗞️'.repeat(50), 11)).length).toBe(11);
  });
});

describe(languageTag.name, () => {
  it('reads html lang and Open Graph locales, and nothing else', () => {
    expect(languageTag('fr')).toBe('fr');
    expect(languageTag(' fr_FR ')).toBe('fr-FR');
    expect(languageTag('français')).toBeUndefined();
    expect(languageTag('')).toBeUndefined();
  });
});

describe(pageUrl.name, () => {
  it('keeps absolute http(s) addresses only', () => {
    expect(pageUrl('https://www.exemple.fr/article')).toBe('https://www.exemple.fr/article');
    expect(pageUrl('javascript:alert(1)')).toBeUndefined();
    expect(pageUrl('/relative')).toBeUndefined();
    expect(pageUrl('/relative', 'https://www.exemple.fr/a/b')).toBe('https://www.exemple.fr/relative');
  });
});
