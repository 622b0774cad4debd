import { asHtml, asXmlAttribute, forCdata, forXmlText, xmlChars } from './feed-text';

describe('feed text', () => {
  it('writes plain text as HTML that reads as itself and cannot close a CDATA section', () => {
    expect(asHtml('<svg onload=alert(1)>]]>&amp;')).toBe('&lt;svg onload=alert(1)&gt;]]&gt;&amp;amp;');
    expect(asHtml(`«\u00a0Nous ne reculerons pas\u00a0», l’été`)).toBe(`«\u00a0Nous ne reculerons pas\u00a0», l’été`);
  });

  it('escapes quotes too for an attribute', () => {
    expect(asXmlAttribute('"><script>')).toBe('&quot;&gt;&lt;script&gt;');
  });

  it('doubles every & for xml-js, whose text writer turns each &amp; back into & first', () => {
    const xmlJsText = (text: string) => text.replace(/&amp;/g, '&').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const decoded = (xml: string) => xml.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    for (const text of ['Tom & Jerry', 'déjà &amp; encore', '&amp;amp;', '&lt;script&gt;', '<b>&</b>']) {
      expect(decoded(xmlJsText(forXmlText(text)))).toBe(text);
    }
  });

  it('leaves no ]]> in HTML for a CDATA section, however many', () => {
    expect(forCdata('<p>a]]>b]]>c</p>')).toBe('<p>a]]&gt;b]]&gt;c</p>');
  });

  it('drops only what XML cannot carry', () => {
    expect(xmlChars('a\u0001b\ufffec\uffffd\t\n\r😀é')).toBe('abcd\t\n\r😀é');
  });
});
