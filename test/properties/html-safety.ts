import { Parser } from 'htmlparser2';

// Browsers drop ASCII whitespace and controls inside a URL's scheme: "java\tscript:" runs.
// eslint-disable-next-line no-control-regex -- these characters are what it removes
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f]/g;
const SCRIPT_SCHEME = /^(?:javascript|vbscript|data):/i;
const SCRIPT_ELEMENTS = new Set(['script', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'style', 'svg', 'math', 'form']);

/**
 * What in an HTML body would run script in a reader's browser, parsed as a browser would: a script
 * (or frame, embed, svg, style) element, an `on*` handler, or a javascript:, vbscript: or data: URL.
 */
export function scriptIn(html: string): string[] {
  const found: string[] = [];
  // The literal opening tag is refused whatever the parser makes of its surroundings.
  if (/<script/i.test(html)) found.push('a literal "<script"');
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (SCRIPT_ELEMENTS.has(name)) found.push(`<${name}> element`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/i.test(attribute)) found.push(`${attribute}= handler on <${name}>`);
          if (SCRIPT_SCHEME.test(value.replace(IGNORED_IN_SCHEME, ''))) found.push(`${attribute}="${value.slice(0, 40)}" on <${name}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/** Every HTML body in an answer: drafts' and reviews' `body`, and ninjs `bodies[]` of type text/html. */
export function htmlBodiesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) htmlBodiesIn(item, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.body === 'string') found.push(record.body);
    if (record.contentType === 'text/html' && typeof record.value === 'string') found.push(record.value);
    for (const child of Object.values(record)) if (child && typeof child === 'object') htmlBodiesIn(child, found);
  }
  return found;
}
