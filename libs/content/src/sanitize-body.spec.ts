import { NBSP, NNBSP } from '@newsroom/test-factories';
import { normalizeText, plainText, sanitizeBody } from './sanitize-body';

const frenchBody = [
  `<h2>À Marseille, la rentrée sous tension</h2>`,
  `<p>«${NBSP}On n’a jamais vu ça${NNBSP}!${NBSP}», s’exclame Élodie Ç., 42${NBSP}ans — enseignante à l’école Saint-Exupéry…</p>`,
  `<p>Selon le rectorat, <strong>1${NNBSP}500</strong> postes restent vacants ; <em>aujourd’hui</em>, l’Œuvre des écoles tient «${NBSP}bon${NBSP}» 🗞️ 👩‍💻 👍🏽 ❤️.</p>`,
  `<blockquote cite="https://www.example.fr/entretien"><p>«${NBSP}C’est une question de moyens, pas de volonté.${NBSP}»</p></blockquote>`,
  `<figure><img src="https://cdn.example.fr/photos/ecole.jpg" alt="Une salle de classe vide, à Marseille" width="1200" height="800" /><figcaption>Une classe du 3<sup>e</sup> arrondissement. <cite>AFP</cite></figcaption></figure>`,
  `<ul><li>Écoles : 12 % de postes vacants</li><li>Collèges : 8 %</li></ul>`,
  `<p>Contact : <a href="mailto:redaction@example.fr" title="Écrire à la rédaction">redaction@example.fr</a>. Lire aussi <a href="https://www.example.fr/education/l-ete-des-enseignants?utm=a&amp;b=c">l’été des enseignants</a>.<br />Ligne suivante, H<sub>2</sub>O &amp; CO<sub>2</sub>, <abbr title="Éducation nationale">EN</abbr>, <q>vite</q>, <s>barré</s> <u>souligné</u> <b>gras</b> <i>italique</i>.</p>`,
  `<hr />`,
  `<h3>Ce qu’il faut retenir</h3><ol><li>Le 5${NBSP}septembre</li></ol>`,
].join('\n');

describe(sanitizeBody.name, () => {
  const sut = sanitizeBody;

  it('keeps a realistic French body byte for byte', () => {
    const out = sut(frenchBody);
    expect(out).toBe(frenchBody);
    expect(Buffer.from(out, 'utf8').equals(Buffer.from(frenchBody, 'utf8'))).toBe(true);
    expect(out).not.toMatch(/&(?!amp;)/);
  });

  it('is idempotent', () => {
    const messy = `<h1>Titre</h1><p style="x" onclick="y()">Été&nbsp;&amp;&nbsp;hiver <a href="javascript:alert(1)">x</a></p><script>z()</script>`;
    expect(sut(sut(messy))).toBe(sut(messy));
  });

  it('turns entities into characters and escapes only what HTML requires', () => {
    expect(sut('<p>&laquo;&nbsp;L&rsquo;&eacute;t&eacute;&#8239;!&nbsp;&raquo; &mdash; &hellip; &#x1F5DE;&#xFE0F;</p>')).toBe(
      `<p>«${NBSP}L’été${NNBSP}!${NBSP}» — … 🗞️</p>`,
    );
    expect(sut('<p>1 &lt; 2 &gt; 0 &amp; "cité" \'là\'</p>')).toBe(`<p>1 &lt; 2 &gt; 0 &amp; "cité" 'là'</p>`);
    expect(sut(`<a href="https://example.fr/?q=&quot;été&quot;" title="Le «${NBSP}Monde${NBSP}»">lien</a>`)).toBe(
      `<a href="https://example.fr/?q=&quot;été&quot;" title="Le «${NBSP}Monde${NBSP}»">lien</a>`,
    );
  });

  it('composes decomposed accents (NFC)', () => {
    const decomposed = '<p>E\u0301te\u0301 a\u0300 Ac\u0327ores</p>';
    expect(sut(decomposed)).toBe('<p>Été à Açores</p>');
    expect(sut(decomposed)).toBe(sut(decomposed).normalize('NFC'));
  });

  it('drops scripts, styles and embeds together with their content', () => {
    const dirty =
      '<p>Avant</p><script>alert("x")</script><style>p { color: red }</style>' +
      '<iframe src="https://evil.example">repli <b>iframe</b></iframe><noscript>active JS</noscript>' +
      '<svg><text>dessin</text></svg><template><p>modèle</p></template><p>Après</p>';
    expect(sut(dirty)).toBe('<p>Avant</p><p>Après</p>');
  });

  it('removes event handlers, styles, classes and unknown tags but keeps their text', () => {
    const dirty =
      '<div class="chapo" style="color:red"><p onclick="steal()" id="x" data-x="1">Un <span style="font-weight:bold">texte</span> ' +
      '<font color="red">ancien</font> <img src="https://cdn.example.fr/a.jpg" onerror="steal()" alt="a" /></p></div>';
    expect(sut(dirty)).toBe('<p>Un texte ancien <img src="https://cdn.example.fr/a.jpg" alt="a" /></p>');
  });

  it('keeps links only to http, https and mailto, unwrapping the others', () => {
    const dirty = [
      '<a href="javascript:alert(1)">js</a>',
      '<a href=" JaVaScRiPt:alert(1)">js2</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
      '<a href="vbscript:x">vb</a>',
      '<a href="/politique/article">relatif</a>',
      '<a href="//evil.example/">protocole relatif</a>',
      '<a href="tel:+33100000000">tel</a>',
      '<a href="https://example.fr/" target="_blank" rel="opener" onclick="x()">ok</a>',
    ].join(' ');
    expect(sut(`<p>${dirty}</p>`)).toBe('<p>js js2 data vb relatif protocole relatif tel <a href="https://example.fr/">ok</a></p>');
  });

  it('keeps images only from http and https, with pixel sizes', () => {
    expect(sut('<img src="data:image/png;base64,iVBORw0KGgo=" alt="x" />')).toBe('');
    expect(sut('<img src="javascript:alert(1)" />')).toBe('');
    expect(sut('<img src="/local.jpg" />')).toBe('');
    expect(sut('<img src="//cdn.example.fr/a.jpg" />')).toBe('');
    expect(sut('<img src="https://cdn.example.fr/a.jpg" width="100%" height="360" srcset="x 2x" alt="Vue">')).toBe(
      '<img src="https://cdn.example.fr/a.jpg" height="360" alt="Vue" />',
    );
  });

  it('demotes h1, since the headline is the page’s h1', () => {
    expect(sut('<h1 class="x">Le contexte</h1>')).toBe('<h2>Le contexte</h2>');
  });

  it('drops unsafe cite URLs', () => {
    expect(sut(`<blockquote cite="javascript:alert(1)">«${NBSP}Non${NBSP}»</blockquote>`)).toBe(
      `<blockquote>«${NBSP}Non${NBSP}»</blockquote>`,
    );
  });

  it('strips control characters that Postgres or browsers reject', () => {
    expect(sut('<p>Ligne\u000Bcoupée\u0000 ici\tet\nlà</p>')).toBe('<p>Lignecoupée ici\tet\nlà</p>');
  });
});

describe(normalizeText.name, () => {
  const sut = normalizeText;

  it('composes and trims, changing nothing else', () => {
    const headline = `  «${NBSP}L’e\u0301te\u0301 sera chaud${NNBSP}»${NBSP}: la CGT appelle à la grève — 🗞️ 👩‍💻\n`;
    expect(sut(headline)).toBe(`«${NBSP}L’été sera chaud${NNBSP}»${NBSP}: la CGT appelle à la grève — 🗞️ 👩‍💻`);
    expect(sut('Großbritannien & Łódź <b>')).toBe('Großbritannien & Łódź <b>');
    expect(sut('Pourquoi ?')).toBe('Pourquoi ?');
  });
});

describe(plainText.name, () => {
  // A body is sanitised before anything reads its text.
  const sut = (html: string) => plainText(sanitizeBody(html));

  it('gives one line per block with markup gone and entities decoded', () => {
    const html = `<h2>Titre</h2>\n<p>Un   <strong>texte</strong>\n  sur deux lignes<br>suite &amp; fin &lt;3</p><ul><li>un</li><li>deux</li></ul><script>x()</script>`;
    expect(sut(html)).toBe('Titre\nUn texte sur deux lignes\nsuite & fin <3\nun\ndeux');
  });

  it('keeps no-break spaces as they are', () => {
    expect(sut(`<p>«${NBSP}Oui${NNBSP}!${NBSP}»</p>`)).toBe(`«${NBSP}Oui${NNBSP}!${NBSP}»`);
  });
});
