import { NBSP, storyContent } from '@newsroom/test-factories';
import diffRevisions from './diff.worker';
import { comparedTexts, DiffQuery, earlierRevision, revisionDiff } from './revision-diff';

const budgets = { wordBudgetMs: 1_000, paragraphBudgetMs: 500 };

describe('revision diffs', () => {
  describe('DiffQuery', () => {
    const sut = (query: Record<string, unknown>) => DiffQuery.safeParse(query);

    it('reads revision numbers from the query string, both optional', () => {
      expect(sut({ from: '1', to: '3' })).toMatchObject({ success: true, data: { from: 1, to: 3 } });
      expect(sut({})).toMatchObject({ success: true, data: {} });
    });

    it.each([
      [{ from: '0' }, 'from'],
      [{ to: '-1' }, 'to'],
      [{ from: '1.5' }, 'from'],
      [{ to: 'latest' }, 'to'],
      [{ from: ['1', '2'] }, 'from'],
      [{ to: '99999999999' }, 'to'],
      [{ from: '3', to: '2' }, 'from'],
      [{ from: '2', to: '2' }, 'from'],
    ])('refuses %j, naming %s', (query, field) => {
      const result = sut(query);
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
    });
  });

  describe(earlierRevision.name, () => {
    const sut = earlierRevision;

    it('compares with the revision asked for', () => {
      expect(sut({ from: 1 }, { revision: 4, baseRevision: 2 }, 3)).toBe(1);
    });

    it('compares an update with the revision behind the live version, else with the revision before', () => {
      expect(sut({}, { revision: 5, baseRevision: 2 }, 4)).toBe(2);
      expect(sut({}, { revision: 3, baseRevision: null }, 2)).toBe(2);
    });

    it('compares a first submission with nothing', () => {
      expect(sut({}, { revision: 1, baseRevision: null }, null)).toBeNull();
    });

    it('names from when it is not earlier than the later revision', () => {
      expect(sut({ from: 3 }, { revision: 3, baseRevision: null }, 2)).toEqual({
        field: 'from',
        message: 'must be an earlier revision than 3',
      });
    });
  });

  describe(comparedTexts.name, () => {
    it('compares the body as its readers read it, paragraph by paragraph, entities decoded', () => {
      const earlier = storyContent({ body: '<p>Le « Tour » part de <strong>Lille</strong>.</p><p>Fin &amp; suite.</p>' });
      const texts = comparedTexts(earlier, storyContent());
      expect(texts.body[0]).toBe('Le « Tour » part de Lille.\nFin & suite.');
      expect(texts.headline).toEqual([earlier.headline, storyContent().headline]);
      expect(comparedTexts(null, earlier).body[0]).toBe('');
    });
  });

  describe('the diff worker’s task', () => {
    it('shows what the journalist changed, word by word, French text intact', () => {
      const before = storyContent({ body: `<p>Le déficit atteint 5${NBSP}% du PIB, selon l’Insee.</p>` });
      const after = storyContent({ body: `<p>Le déficit atteint 5,5${NBSP}% du PIB, selon l’Insee et Bercy.</p>` });
      const outcome = diffRevisions({ texts: comparedTexts(before, after), ...budgets });
      const diff = revisionDiff('s', { revision: 1, content: before }, { revision: 2, content: after, updatesVersion: null }, outcome);
      expect(diff.headline).toEqual({ granularity: 'word', changes: [{ type: 'same', text: before.headline }] });
      expect(diff.body.granularity).toBe('word');
      const side = (keep: string) =>
        diff.body.changes
          .filter((change) => change.type === 'same' || change.type === keep)
          .map((change) => change.text)
          .join('');
      expect(side('removed')).toBe(`Le déficit atteint 5${NBSP}% du PIB, selon l’Insee.`);
      expect(side('added')).toBe(`Le déficit atteint 5,5${NBSP}% du PIB, selon l’Insee et Bercy.`);
      expect(diff.body.changes.filter((change) => change.type === 'added').map((change) => change.text.trim())).toEqual([',5', 'et Bercy']);
      expect(diff.body.htmlChanged).toBe(true);
    });

    it('says when only the markup changed', () => {
      const before = storyContent({ body: '<p>Voir le rapport.</p>' });
      const after = storyContent({ body: '<p>Voir le <a href="https://example.org/r">rapport</a>.</p>' });
      const outcome = diffRevisions({ texts: comparedTexts(before, after), ...budgets });
      const diff = revisionDiff('s', { revision: 1, content: before }, { revision: 2, content: after, updatesVersion: 3 }, outcome);
      expect(diff.body).toEqual({ granularity: 'word', changes: [{ type: 'same', text: 'Voir le rapport.' }], htmlChanged: true });
      expect(diff.updates).toEqual({ version: 3 });
    });

    it('falls back to paragraphs when a word diff would take too long, and gives up past both budgets', () => {
      const paragraphs = (seed: string, count: number) =>
        Array.from({ length: count }, (_, n) => `${seed} ${n} : ${'mot '.repeat(10)}`).join('\n');
      const coarse = diffRevisions({
        texts: { headline: ['Avant', 'Après'], standfirst: ['', ''], body: [paragraphs('Brest', 300), paragraphs('Lille', 300)] },
        wordBudgetMs: 1,
        paragraphBudgetMs: 1_000,
      });
      expect(coarse).toMatchObject({ parts: { body: { granularity: 'paragraph' }, headline: { granularity: 'word' } } });
      const none = diffRevisions({
        texts: { headline: ['Avant', 'Avant'], standfirst: ['', ''], body: [paragraphs('Brest', 3_000), paragraphs('Lille', 3_000)] },
        wordBudgetMs: 1,
        paragraphBudgetMs: 1,
      });
      expect(none).toEqual({ tooLarge: ['body'] });
    });
  });
});
