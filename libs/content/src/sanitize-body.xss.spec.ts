import { sanitizeBody } from './sanitize-body';
import { XSS_VECTORS } from './xss-vectors';

const ALLOWED_TAGS = new Set(
  'p h2 h3 h4 h5 h6 blockquote figure figcaption ul ol li hr br a strong em b i u s sub sup q cite abbr img'.split(' '),
);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'src', 'alt', 'width', 'height', 'cite']);
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Every piece of markup left: each must be an allowlisted element with allowlisted attributes and safe URLs. */
function markupProblems(html: string): string[] {
  const problems: string[] = [];
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    const element = /^<\/?([a-z0-9]+)/.exec(tag)?.[1];
    if (!element || !ALLOWED_TAGS.has(element)) problems.push(`element ${tag}`);
    for (const [, name, value] of tag.matchAll(/\s([^\s=/>]+)="([^"]*)"/g)) {
      if (!ALLOWED_ATTRIBUTES.has(name)) problems.push(`attribute ${name} in ${tag}`);
      if (['href', 'src', 'cite'].includes(name) && !SAFE_URL.test(value)) problems.push(`URL ${value} in ${tag}`);
    }
    // Attributes that are not name="value" would be a parser disagreement waiting to happen.
    if (/\s[^\s=/>]+(?:\s|\/?>)|=[^"]/.test(tag.replace(/"[^"]*"/g, '""'))) problems.push(`unquoted attribute in ${tag}`);
  }
  return problems;
}

describe(`${sanitizeBody.name} against a corpus of XSS vectors`, () => {
  const sut = sanitizeBody;

  it.each(XSS_VECTORS.map((vector) => [vector]))('leaves nothing that can run: %s', (vector) => {
    for (const context of [vector, `<p>Avant ${vector} après</p>`, `<blockquote><p>${vector}</p></blockquote>`]) {
      const out = sut(context);
      expect(markupProblems(out)).toEqual([]);
      // Text never holds a raw < or >, so no browser can see markup the check above did not.
      expect(out.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]/);
      // Sanitising what was sanitised changes nothing: no mutation can assemble a vector afterwards.
      expect(sut(out)).toBe(out);
    }
  });

  it('finds what it looks for', () => {
    expect(markupProblems('<p onclick="x()">a</p><script>b</script><a href="javascript:c">d</a>')).toHaveLength(4);
  });
});
