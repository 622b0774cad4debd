import { digestTag, entityTag, matchesIfNoneMatch } from './conditional-get';

describe(matchesIfNoneMatch.name, () => {
  const etag = entityTag(3);

  it.each([
    ['the same tag', '"3"'],
    ['the same tag, weak', 'W/"3"'],
    ['one of a list', '"1", W/"2",  "3"'],
    ['any representation', '*'],
    ['a list repeated over two header lines', ['"1"', '"3"']],
  ])('matches %s', (_, header) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another tag', '"4"'],
    ['the tag unquoted', '3'],
    ['a tag that only contains it', '"33"'],
    ['garbage', '"\u0000", W/, ",,,'],
    ['an overlong list holding it', `${'"x", '.repeat(3000)}"3"`],
  ])('does not match %s', (_, header) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(false);
  });
});

describe(digestTag.name, () => {
  it('is a quoted tag that changes with any part, and with their order', () => {
    const tag = digestTag(['a:1', 'b:2']);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(digestTag(['a:1', 'b:2'])).toBe(tag);
    expect(digestTag(['a:1', 'b:3'])).not.toBe(tag);
    expect(digestTag(['b:2', 'a:1'])).not.toBe(tag);
    expect(digestTag(['a:1b:2'])).not.toBe(tag);
  });
});
