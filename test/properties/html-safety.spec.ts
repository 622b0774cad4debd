import { htmlBodiesIn, scriptIn } from './html-safety';
import { XSS_CORPUS } from './xss-corpus';

describe(scriptIn.name, () => {
  it('finds script elements, handlers and script URLs, however they are spelt', () => {
    expect(scriptIn('<p>Bonjour <script>alert(1)</script></p>')).not.toEqual([]);
    expect(scriptIn('<img src="https://ok.example/a.png" ONERROR="alert(1)">')).toEqual(['onerror= handler on <img>']);
    expect(scriptIn('<a href="java&#x09;script:alert(1)">x</a>')).toEqual(['href="java\tscript:alert(1)" on <a>']);
    expect(scriptIn('<a href=" JAVASCRIPT:alert(1)">x</a>')).toHaveLength(1);
    expect(scriptIn('<svg onload=alert(1)>')).toHaveLength(2);
  });

  it('passes escaped markup and safe links: text that merely talks about script', () => {
    expect(scriptIn('<p>&lt;script&gt;alert(1)&lt;/script&gt; onload=x javascript:alert(1)</p>')).toEqual([]);
    expect(scriptIn('<p><a href="https://example.org/a" title="onclick">là</a></p>')).toEqual([]);
  });

  it('flags most of the corpus when it is left as it is', () => {
    const flagged = XSS_CORPUS.filter((vector) => scriptIn(vector).length > 0);
    expect(flagged.length).toBeGreaterThan(XSS_CORPUS.length * 0.7);
  });
});

describe(htmlBodiesIn.name, () => {
  it('finds a draft body, a page of them and ninjs html bodies, and not plain-text descriptions', () => {
    const ninjs = {
      bodies: [{ contentType: 'text/html', value: '<p>a</p>' }],
      descriptions: [{ contentType: 'text/plain', value: '<b>' }],
    };
    expect(htmlBodiesIn({ items: [{ body: '<p>b</p>' }, ninjs] })).toEqual(['<p>b</p>', '<p>a</p>']);
  });
});
