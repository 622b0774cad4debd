import { NBSP } from '@newsroom/test-factories';
import { draftContent, DraftInput } from './draft-input';

const alice = { id: 'alice', name: 'Alice Martin', roles: ['journalist' as const] };
const valid = { headline: 'L’été « indien » ?', body: `<p>Il fait 25${NBSP}°C à Brest.</p>`, language: 'fr' };

describe('DraftInput', () => {
  it('keeps French text exactly and fills the byline from the journalist', () => {
    const input = DraftInput.parse(valid);
    const content = draftContent(input, alice, 'l-ete-indien');
    expect(content).toEqual({ ...valid, tags: [], byline: { name: 'Alice Martin' }, slug: 'l-ete-indien', wordCount: 6 });
  });

  it('treats blank optional texts as absent', () => {
    const input = DraftInput.parse({ ...valid, standfirst: '  ', section: '', byline: { name: 'Alice Martin', bio: '' } });
    expect(input.standfirst).toBeUndefined();
    expect(input.section).toBeUndefined();
    expect(input.byline).toEqual({ name: 'Alice Martin' });
  });

  it('counts the headline in characters, not UTF-16 units', () => {
    expect(DraftInput.safeParse({ ...valid, headline: '🗞️'.repeat(150) }).success).toBe(true);
    expect(DraftInput.safeParse({ ...valid, headline: 'é'.repeat(301) }).success).toBe(false);
  });

  it('names every refused field, unknown ones included', () => {
    const result = DraftInput.safeParse({
      headline: '',
      body: '<script>x</script>',
      language: 'french',
      tags: [''],
      byline: { name: 'A', role: 'x' },
      extra: 1,
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join('.') || (issue as { keys?: string[] }).keys?.join(','));
    expect(fields).toEqual(expect.arrayContaining(['headline', 'body', 'language', 'tags.0', 'extra']));
    expect(fields.some((field) => field?.startsWith('byline'))).toBe(true);
  });

  it('refuses control characters, which are never text (and which Postgres refuses)', () => {
    const result = DraftInput.safeParse({ ...valid, headline: 'Titre\u0000', byline: { name: 'Alice\u0007' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['byline.name', 'headline']);
  });

  it('drops repeated tags', () => {
    expect(draftContent(DraftInput.parse({ ...valid, tags: ['climat', 'climat', 'Brest'] }), alice, 'x').tags).toEqual(['climat', 'Brest']);
  });
});
