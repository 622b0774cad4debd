import { NBSP, NNBSP } from './story';

/** A French article page as a newsroom's site would save it: the article, and everything around it that is not. */
export const pageArticle = {
  headline: 'Marées vertes : à Saint-Brieuc, « les algues reviennent chaque été »',
  standfirst: `Malgré vingt ans de plans successifs, la baie reste envahie. Les riverains s’impatientent${NBSP}; l’État promet des contrôles.`,
  byline: 'Claire Dupont',
  bio: 'Claire Dupont couvre l’environnement et l’agriculture en Bretagne depuis 2014. Elle a reçu le prix Varenne en 2021.',
  section: 'Planète',
  url: 'https://www.quotidien-ouest.example/planete/2026/03/02/marees-vertes-saint-brieuc',
  /** The body's paragraphs, in HTML as the sanitiser keeps them (text characters never turned into entities). */
  paragraphs: [
    `<p>Sur la plage de Saint-Michel-en-Grève, l’odeur est revenue avant l’été. «${NBSP}On la sent dès le parking${NBSP}», soupire Anne Le Goff, 62${NBSP}ans, qui promène son chien ici chaque matin.</p>`,
    `<p>Selon <a href="https://www.bretagne.example/rapport">le dernier rapport régional</a>, les échouages ont progressé de 12${NNBSP}% en un an${NBSP}: près de 40${NBSP}000 mètres cubes ramassés en 2025.</p>`,
    `<p>«${NBSP}On nous parle de contrôles depuis 2010${NBSP}! Qu’ils viennent voir${NBSP}», lance un mytiliculteur, qui préfère garder l’anonymat.</p>`,
    `<h2>Des nitrates toujours trop hauts</h2>`,
    `<p>La préfecture assure que les teneurs en nitrates des rivières ont baissé d’un tiers depuis l’an 2000. Mais l’objectif fixé par l’Union européenne — 10${NBSP}milligrammes par litre — reste <em>hors d’atteinte</em>.</p>`,
    `<p>Le prochain comité de suivi se réunira le 14${NBSP}avril, à Saint-Brieuc.</p>`,
  ],
};

const NOISE = {
  nav: 'Accueil Politique Économie Planète Sports Abonnez-vous',
  share: 'Partager sur Facebook',
  cookie: 'Nous utilisons des cookies pour mesurer l’audience',
  comment: 'Encore un article à charge contre les agriculteurs',
  related: 'Algues vertes : un cheval mort sur la plage en 2009',
  newsletter: 'Recevez notre lettre Planète chaque vendredi',
  footer: 'Tous droits réservés',
};

/** The texts around the article that must not reach a draft's body. */
export const pageNoise = Object.values(NOISE);

/** The page, with entities where a site's templates write them and characters where its editors typed them. */
export function articlePage(): string {
  const asSiteWrites = (html: string) => html.replaceAll(NBSP, '&nbsp;');
  const [first, second, ...rest] = pageArticle.paragraphs;
  return `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Marées vertes : à Saint-Brieuc, « les algues reviennent chaque été » – Le Quotidien de l’Ouest</title>
  <meta name="description" content="La baie reste envahie malgré vingt ans de plans.">
  <meta property="og:title" content="Marées vertes : « les algues reviennent chaque été »">
  <meta property="article:section" content="${pageArticle.section}">
  <link rel="canonical" href="${pageArticle.url}">
  <link rel="stylesheet" href="/static/site.css">
  <script>window.dataLayer = [{ page: 'article' }];</script>
</head>
<body class="page-article">
  <div id="cookie-banner" class="bandeau-cookies" role="dialog">
    <p>${NOISE.cookie}. <a href="/cookies">En savoir plus</a></p>
    <button>Tout accepter</button> <button>Paramétrer</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">Le Quotidien de l’Ouest</a>
    <nav class="main-nav"><ul>${NOISE.nav
      .split(' ')
      .map((item) => `<li><a href="/${item.toLowerCase()}">${item}</a></li>`)
      .join('')}</ul></nav>
  </header>
  <main>
    <article class="article">
      <p class="kicker"><a href="/planete">${pageArticle.section}</a></p>
      <h1 class="article__title">${pageArticle.headline}</h1>
      <p class="article__chapo">${asSiteWrites(pageArticle.standfirst)}</p>
      <p class="article__byline">Par <a rel="author" href="/auteurs/claire-dupont">${pageArticle.byline}</a>
        · Publié le <time datetime="2026-03-02T07:30:00+01:00">2 mars 2026 à 7 h 30</time></p>
      <div class="share-buttons">
        <a href="https://www.facebook.com/sharer.php?u=x">${NOISE.share}</a>
        <a href="https://twitter.com/intent/tweet?url=x">Partager sur X</a>
        <button class="share-copy">Copier le lien</button>
      </div>
      <figure class="article__media"><img src="https://img.quotidien-ouest.example/algues.jpg" alt="Une pelleteuse sur la plage"></figure>
      <div class="article__body">
        ${first}
        ${asSiteWrites(second)}
        <aside class="related-inline"><a href="/planete/2009/cheval">${NOISE.related}</a></aside>
        ${rest.join('\n        ')}
      </div>
      <div class="newsletter-box"><p>${NOISE.newsletter}</p><form><input type="email"><button>S’inscrire</button></form></div>
      <div class="author-box">
        <img src="https://img.quotidien-ouest.example/claire.jpg" alt="">
        <p class="author-box__name">${pageArticle.byline}</p>
        <p class="author-box__bio">${pageArticle.bio}</p>
      </div>
    </article>
    <section id="comments" class="comments">
      <h2>Commentaires (2)</h2>
      <article class="comment"><p class="comment__author">Jean-Yves</p><p>${NOISE.comment}, qui font ce qu’ils peuvent avec les normes qu’on leur impose.</p></article>
      <article class="comment"><p class="comment__author">Maïwenn</p><p>Merci pour ce reportage, enfin quelqu’un qui en parle, vraiment.</p></article>
    </section>
    <section class="related-articles">
      <h2>À lire aussi</h2>
      <ul><li><a href="/planete/2009/cheval">${NOISE.related}</a></li><li><a href="/planete/2024/plan">Plan algues vertes : le bilan</a></li></ul>
    </section>
  </main>
  <footer class="site-footer"><p>© 2026 Le Quotidien de l’Ouest. ${NOISE.footer}.</p></footer>
</body>
</html>`;
}

/** A page with no article in it: a section front, all links and teasers. */
export function sectionFrontPage(): string {
  const teasers = Array.from(
    { length: 12 },
    (_, i) => `<li class="teaser"><a href="/planete/${i}"><h3>Titre ${i + 1} de la rubrique</h3></a><span>Il y a ${i + 1} h</span></li>`,
  );
  return `<!DOCTYPE html><html lang="fr"><head><title>Planète – Le Quotidien de l’Ouest</title></head>
<body><nav><a href="/">Accueil</a> <a href="/planete">Planète</a></nav>
<main><h1>Planète</h1><ul class="teasers">${teasers.join('')}</ul></main>
<footer>${NOISE.footer}</footer></body></html>`;
}
