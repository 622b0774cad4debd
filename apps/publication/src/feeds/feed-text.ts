// What XML 1.0 can carry at all (§2.2); a body may still hold a non-character, which no XML parser accepts.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** The text without the characters XML 1.0 forbids, even escaped. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

/**
 * Plain text written as HTML, for the places a feed declares HTML (RSS titles and descriptions, as
 * readers take them; Atom's type="html"), so that a headline such as `<svg onload=…>` reads as
 * itself instead of running. No `>` is left, so the text never closes the CDATA section it goes in.
 */
export function asHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Plain text for an XML attribute value in double quotes. */
export function asXmlAttribute(text: string): string {
  return asHtml(text).replaceAll('"', '&quot;');
}

/**
 * Plain text for an element's text as `feed` writes it (through xml-js), which first turns every
 * `&amp;` back into `&` and then escapes: a text holding `&amp;` itself would lose it. Doubling
 * every `&` here is undone exactly by that first step.
 */
export function forXmlText(text: string): string {
  return xmlChars(text).replaceAll('&', '&amp;');
}

/** HTML for a CDATA section: xml-js splits only the first `]]>`, so none may be left (`]]&gt;` is the same HTML). */
export function forCdata(html: string): string {
  return xmlChars(html).replaceAll(']]>', ']]&gt;');
}
