import { bylineName, cutText, languageTag, nestingDepth, pageUrl, plainLine } from './page-text';

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

describe(nestingDepth.name, () => {
  it('counts how deep elements open inside one another', () => {
    expect(nestingDepth('<html><body><main><article><div><p>x</p></div></article></main></body></html>')).toBe(5);
    expect(nestingDepth(`${'<div>'.repeat(5000)}x`)).toBe(5000);
  });

  it('does not count empty elements, paragraphs a parser closes itself, comments or scripts', () => {
    expect(nestingDepth('<div><p>un<p>deux<br><img src="x"><hr/><li>trois</div>')).toBe(1);
    expect(nestingDepth('<div><!-- <div><div> --><script>if (a<b) "<div><div>"</script><style>a<b{}</style></div>')).toBe(1);
  });

  it('stops at markup left unfinished, without counting what follows', () => {
    expect(nestingDepth('<div><!-- <div><div>')).toBe(1);
    expect(nestingDepth('<div><script>"<div><div>"')).toBe(1);
  });

  it('reads 5 MiB in a few dozen milliseconds', () => {
    const page = '<div class="comment"><p>Un commentaire, un peu long pour peser.</p></div>'.repeat(70_000);
    const started = performance.now();
    expect(nestingDepth(page)).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
