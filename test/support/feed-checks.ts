import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Parser } from 'htmlparser2';

/** RFC 3339 date-time, as JSON Feed's dates must be. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const optional = (value: unknown, type: 'string' | 'boolean') => value === undefined || typeof value === type;

function authorProblems(authors: unknown, where: string): string[] {
  if (authors === undefined) return [];
  if (!Array.isArray(authors)) return [`${where}.authors: must be an array`];
  return authors.flatMap((author: Record<string, unknown>, i) =>
    ['name', 'url', 'avatar'].some((key) => typeof author?.[key] === 'string')
      ? []
      : [`${where}.authors[${i}]: must have a name, url or avatar`],
  );
}

/**
 * What JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) requires of a feed and of its items,
 * and the type of every optional field present; one line per problem, none when valid.
 */
export function jsonFeedProblems(feed: any): string[] {
  const problems: string[] = [];
  if (feed?.version !== 'https://jsonfeed.org/version/1.1') problems.push('version: must be https://jsonfeed.org/version/1.1');
  if (typeof feed?.title !== 'string') problems.push('title: required string');
  for (const key of ['home_page_url', 'feed_url', 'description', 'user_comment', 'next_url', 'icon', 'favicon', 'language'])
    if (!optional(feed?.[key], 'string')) problems.push(`${key}: must be a string`);
  if (!optional(feed?.expired, 'boolean')) problems.push('expired: must be a boolean');
  problems.push(...authorProblems(feed?.authors, 'feed'));
  if (!Array.isArray(feed?.items)) return [...problems, 'items: required array'];
  feed.items.forEach((item: Record<string, unknown>, i: number) => {
    const at = `items[${i}]`;
    if (typeof item.id !== 'string' || item.id === '') problems.push(`${at}.id: required string`);
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string')
      problems.push(`${at}: content_html or content_text required`);
    for (const key of ['url', 'external_url', 'title', 'summary', 'image', 'banner_image', 'language', 'content_html', 'content_text'])
      if (!optional(item[key], 'string')) problems.push(`${at}.${key}: must be a string`);
    for (const key of ['date_published', 'date_modified'])
      if (item[key] !== undefined && !(typeof item[key] === 'string' && RFC3339.test(item[key])))
        problems.push(`${at}.${key}: must be RFC 3339`);
    if (item.tags !== undefined && !(Array.isArray(item.tags) && item.tags.every((tag) => typeof tag === 'string')))
      problems.push(`${at}.tags: must be strings`);
    problems.push(...authorProblems(item.authors, at));
  });
  return problems;
}

/** Whether the text is well-formed XML, by a parser that is not the one that wrote it; the error otherwise. */
export function xmlProblems(xml: string): string | undefined {
  const result = XMLValidator.validate(xml);
  return result === true ? undefined : `${result.err.code} at line ${result.err.line}: ${result.err.msg}`;
}

/** The XML as plain data, strictly: entities decoded once, CDATA kept apart, every text a node of its own. */
export function xmlTree(xml: string): any {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    cdataPropName: '#cdata',
    alwaysCreateTextNode: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => ['item', 'entry', 'category', 'author', 'link', 'dc:creator'].includes(name),
  }).parse(xml);
}

/** An element's text, whether written as text or as CDATA. */
export function textOf(node: any): string {
  if (node === undefined || node === null) return '';
  if (typeof node !== 'object') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  return `${textOf(node['#text'])}${textOf(node['#cdata'])}`;
}

/** What a browser makes of an HTML fragment: the elements it would build and the text it would show. */
export function asBrowserReads(html: string): { elements: string[]; text: string } {
  const elements: string[] = [];
  let text = '';
  const parser = new Parser({ onopentag: (name) => elements.push(name), ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return { elements, text };
}

/** The names of the elements written in the XML itself, outside CDATA sections (which hold HTML as text). */
export function xmlElementNames(xml: string): Set<string> {
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  return new Set([...outsideCdata.matchAll(/<([A-Za-z][\w.:-]*)/g)].map((match) => match[1]));
}
