import { articlePage, NBSP, pageArticle, pageNoise, sectionFrontPage } from '@newsroom/test-factories';
import { PageArticle, readPage } from './read-page';

const paragraphs = (text: string) =>
  Array.from(
    { length: 4 },
    (_, i) =>
      `<p>${text} ${i + 1}, avec assez de mots, de virgules et de phrases pour faire un article, car un article se lit en paragraphes qui disent quelque chose, et celui-ci en dit assez.</p>`,
  ).join('');
const page = (head: string, body: string, lang = 'fr') =>
  `<!DOCTYPE html><html lang="${lang}"><head>${head}</head><body>${body}</body></html>`;

function articleOf(html: string): PageArticle {
  const reading = readPage(html);
  if (!('article' in reading)) throw new Error(`no article: ${JSON.stringify(reading)}`);
  return reading.article;
}

describe(readPage.name, () => {
  const sut = readPage;

  it('reads the team’s French page whole: fields, body in order, no noise', () => {
    const { article } = sut(articlePage()) as { article: PageArticle };
    expect(article).toEqual({
      headline: pageArticle.headline,
      standfirst: pageArticle.standfirst,
      byline: { name: pageArticle.byline, bio: pageArticle.bio },
      language: 'fr',
      section: pageArticle.section,
      originalUrl: pageArticle.url,
      body: expect.any(String),
    });
    expect(article.body.replace(/>\s+</g, '><')).toBe(pageArticle.paragraphs.join(''));
    for (const noise of pageNoise) expect(JSON.stringify(article)).not.toContain(noise);
  });

  it('finds no article in a section front', () => {
    expect(sut(sectionFrontPage())).toEqual({ noArticle: expect.stringMatching(/^no article was found/) });
    expect(sut('')).toEqual({ noArticle: expect.any(String) });
    expect(sut('<p>Bonjour</p>')).toEqual({ noArticle: expect.any(String) });
  });

  it('falls back on the page’s metadata: Open Graph title and locale, description as the standfirst, JSON-LD section and author', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      articleSection: 'Économie',
      author: [{ '@type': 'Person', name: 'Yann Kervella' }],
    });
    const article = articleOf(
      page(
        `<meta property="og:title" content="Le port de Brest change de mains"><meta property="og:locale" content="fr_FR">` +
          `<meta name="description" content="Un fonds néerlandais rachète le terminal${NBSP}: 300 emplois en jeu."><script type="application/ld+json">${ld}</script>`,
        `<div class="content">${paragraphs('Le terminal de Brest')}</div>`,
        '',
      ).replace(' lang=""', ''),
    );
    expect(article).toMatchObject({
      headline: 'Le port de Brest change de mains',
      standfirst: `Un fonds néerlandais rachète le terminal${NBSP}: 300 emplois en jeu.`,
      language: 'fr-FR',
      section: 'Économie',
      byline: { name: 'Yann Kervella' },
    });
    expect(article.body).toContain('<p>Le terminal de Brest 1, avec');
  });

  it('takes out what was injected into the article for a reader to click, and anything unsafe', () => {
    const article = articleOf(
      page(
        '<title>Grève</title>',
        `<article><h1>Grève à la SNCF</h1>${paragraphs('Les trains')}` +
          `<div class="social-share"><a href="https://x.example">Tweeter</a></div><div id="newsletter-signup">Inscrivez-vous</div>` +
          `<p>Fin <img src="x" onerror="alert(1)"><a href="javascript:alert(1)">ici</a>.</p><script>alert(1)</script></article>`,
      ),
    );
    expect(article.headline).toBe('Grève à la SNCF');
    expect(article.body).not.toMatch(/Tweeter|Inscrivez|alert|onerror|javascript|<h1/);
  });

  it('refuses, before parsing it, a page nesting elements deeper than any article page', () => {
    const started = performance.now();
    expect(sut(`<html><body><h1>Titre</h1>${'<div>'.repeat(100_000)}${paragraphs('Texte')}</body></html>`)).toEqual({
      unreadable: 'the page nests elements more than 500 deep',
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('keeps only an absolute http(s) canonical address', () => {
    const body = `<article><h1>Titre</h1>${paragraphs('Texte')}</article>`;
    expect(articleOf(page('<link rel="canonical" href="javascript:alert(1)">', body)).originalUrl).toBeUndefined();
    expect(articleOf(page('<base href="https://www.exemple.fr/a/"><link rel="canonical" href="/a/titre">', body)).originalUrl).toBe(
      'https://www.exemple.fr/a/titre',
    );
  });
});
