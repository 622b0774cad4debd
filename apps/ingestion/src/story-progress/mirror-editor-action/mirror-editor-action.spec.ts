import { DECISION_OUTCOMES, EDITOR_DECISIONS, StoryStatus } from '@newsroom/contracts';
import { EditorAction, feedbackDecision, MirrorEditorAction, statusAfterEditorAction } from './mirror-editor-action';

const at = (status: StoryStatus, revision = 2) => ({ status, revision });

describe(MirrorEditorAction.name, () => {
  describe(statusAfterEditorAction.name, () => {
    const sut = statusAfterEditorAction;

    it('follows the lifecycle for the draft’s current revision', () => {
      expect(sut(at('submitted'), 'claim', 2)).toBe('in_review');
      expect(sut(at('in_review'), 'requestChanges', 2)).toBe('changes_requested');
      expect(sut(at('in_review'), 'approve', 2)).toBe('approved');
      expect(sut(at('submitted'), 'reject', 2)).toBe('rejected');
    });

    it('keeps the status for a decision on an older revision', () => {
      // Revision 2 was submitted while the editor was still deciding on revision 1.
      for (const decision of EDITOR_DECISIONS) expect(sut(at('submitted'), decision, 1)).toBeUndefined();
    });

    it('lets a claim hold the story whichever revision the editor opened', () => {
      expect(sut(at('submitted'), 'claim', 1)).toBe('in_review');
    });

    it('keeps the status for a step the draft has already gone past', () => {
      expect(sut(at('published', 1), 'approve', 1)).toBeUndefined();
      expect(sut(at('changes_requested'), 'claim', 2)).toBeUndefined();
      expect(sut(at('withdrawn'), 'reject', 2)).toBeUndefined();
    });
  });

  describe(feedbackDecision.name, () => {
    it('records a decision by its outcome, and a claim as claimed', () => {
      const actions: EditorAction[] = ['claim', ...EDITOR_DECISIONS];
      expect(actions.map(feedbackDecision)).toEqual(['claimed', ...EDITOR_DECISIONS.map((decision) => DECISION_OUTCOMES[decision])]);
      expect(feedbackDecision('requestChanges')).toBe('changes_requested');
    });
  });
});
