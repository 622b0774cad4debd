import { admitWithdrawal } from './intake-rules';

describe(admitWithdrawal.name, () => {
  const sut = admitWithdrawal;

  it.each(['submitted', 'in_review', 'changes_requested'] as const)('withdraws a story that is %s', (status) => {
    expect(sut({ status })).toEqual({ apply: true, status: 'withdrawn' });
  });

  it('leaves an approved story approved', () => {
    expect(sut({ status: 'approved' })).toEqual({ apply: false, reason: 'a story that is approved cannot be withdrawn' });
  });
});
