import { NBSP, NNBSP } from '@newsroom/test-factories';
import { sanitizeBody } from './sanitize-body';
import { countWords } from './word-count';

describe(countWords.name, () => {
  // Words are counted on the body as stored: sanitised.
  const sut = (html: string) => countWords(sanitizeBody(html));

  it('counts a French paragraph like a word processor would', () => {
    // «, », —, : and ! are not words; aujourd’hui, l’été and c’est are one word each.
    const html = `<p>«${NBSP}Aujourd’hui, l’été est fini${NNBSP}!${NBSP}» — c’est dit : on rentre.</p>`;
    expect(sut(html)).toBe(8);
  });

  it('ignores markup, scripts and entities', () => {
    const html =
      '<h2>Le <strong>bilan</strong></h2><p>Un&nbsp;texte <a href="https://example.fr/">avec lien</a>&hellip;</p>' +
      '<script>var ignore = "ces mots";</script><img src="https://cdn.example.fr/a.jpg" alt="pas compté" />';
    expect(sut(html)).toBe(6);
  });

  it('does not glue words across blocks', () => {
    expect(sut('<p>fin</p><p>début</p><ul><li>un</li><li>deux</li></ul>premier<br>second')).toBe(6);
  });

  it('counts numbers, including French digit groups, as one word each', () => {
    expect(sut(`<p>1${NNBSP}500 manifestants, 12,5 % de hausse, 2${NBSP}000${NBSP}000 d’euros en 2024.</p>`)).toBe(9);
  });

  it('counts hyphenated compounds as one word', () => {
    expect(sut('<p>Saint-Étienne, dit-il, a-t-on vu le COVID-19 en 2014-2020 ?</p>')).toBe(8);
  });

  it('handles German, Polish and Norwegian', () => {
    expect(sut('<p>Die Straße ist groß. W Łodzi pada. Tromsø og Ørsted.</p>')).toBe(10);
  });

  it('does not count emoji or lone punctuation', () => {
    expect(sut(`<p>🗞️ 👩‍💻 — « » ; : ? ! …</p>`)).toBe(0);
    expect(sut('')).toBe(0);
  });
});
