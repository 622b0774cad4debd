import { draftRequest } from '@newsroom/test-factories';
import { Refusal } from '@newsroom/contracts';
import { problemFor } from '@newsroom/platform';
import { DraftInput } from '../draft-input';
import { draftToReplay, KeyedSubmission, keyedSubmission } from './idempotency-key';

let input: DraftInput;
beforeAll(async () => {
  input = await DraftInput.parse(draftRequest());
});

describe(keyedSubmission.name, () => {
  it('fingerprints the body, so that the same body under the same key is recognised', async () => {
    const sut = keyedSubmission('key-1', input);
    expect(sut.key).toBe('key-1');
    expect(keyedSubmission('key-1', await DraftInput.parse(draftRequest())).requestHash).toBe(sut.requestHash);
    expect(keyedSubmission('key-1', await DraftInput.parse(draftRequest({ headline: 'Autre chose' }))).requestHash).not.toBe(
      sut.requestHash,
    );
  });
});

describe(draftToReplay.name, () => {
  const sut = draftToReplay;
  let submission: KeyedSubmission;
  beforeAll(() => {
    submission = keyedSubmission('key-1', input);
  });

  it('replays the draft created under the key with the same body', () => {
    expect(sut({ requestHash: submission.requestHash, draftId: 'draft-1' }, submission)).toBe('draft-1');
  });

  it('refuses the key with another body, naming it', () => {
    let refused: unknown;
    try {
      sut({ requestHash: 'another body', draftId: 'draft-1' }, submission);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(Refusal);
    expect(problemFor(refused, '/v1/drafts').problem).toMatchObject({
      status: 422,
      type: 'https://newsroom.example/problems/idempotency-key-reused',
      detail: 'Idempotency-Key "key-1" was first used with a different body; send a new key for a new draft',
    });
  });
});
