import { countWords } from './word-count';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

describe('countWords', () => {
  it('counts a French paragraph like a word processor would', () => {
    // «, », —, : and ! are not words; aujourd’hui, l’été and c’est are one word each.
    const html = `<p>«${NBSP}Aujourd’hui, l’été est fini${NNBSP}!${NBSP}» — c’est dit : on rentre.</p>`;
    expect(countWords(html)).toBe(8);
  });

  it('ignores markup, scripts and entities', () => {
    const html =
      '<h2>Le <strong>bilan</strong></h2><p>Un&nbsp;texte <a href="https://example.fr/">avec lien</a>&hellip;</p>' +
      '<script>var ignore = "ces mots";</script><img src="https://cdn.example.fr/a.jpg" alt="pas compté" />';
    expect(countWords(html)).toBe(6);
  });

  it('does not glue words across blocks', () => {
    expect(countWords('<p>fin</p><p>début</p><ul><li>un</li><li>deux</li></ul>premier<br>second')).toBe(6);
  });

  it('counts numbers, including French digit groups, as one word each', () => {
    expect(countWords(`<p>1${NNBSP}500 manifestants, 12,5 % de hausse, 2${NBSP}000${NBSP}000 d’euros en 2024.</p>`)).toBe(9);
  });

  it('counts hyphenated compounds as one word', () => {
    expect(countWords('<p>Saint-Étienne, dit-il, a-t-on vu le COVID-19 en 2014-2020 ?</p>')).toBe(8);
  });

  it('handles German, Polish and Norwegian', () => {
    expect(countWords('<p>Die Straße ist groß. W Łodzi pada. Tromsø og Ørsted.</p>')).toBe(10);
  });

  it('does not count emoji or lone punctuation', () => {
    expect(countWords(`<p>🗞️ 👩‍💻 — « » ; : ? ! …</p>`)).toBe(0);
    expect(countWords('')).toBe(0);
  });
});
