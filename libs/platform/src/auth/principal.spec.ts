import { hasAnyRole, Principal } from './principal';

describe(hasAnyRole.name, () => {
  const editor: Principal = { id: 'bob', name: 'Bob Editor', roles: ['editor'] };
  const admin: Principal = { id: 'ada', name: 'Ada Admin', roles: ['admin'] };

  it('passes a caller who holds one of the roles', () => {
    expect(hasAnyRole(editor, ['journalist', 'editor'])).toBe(true);
  });

  it('stops a caller who holds none of them', () => {
    expect(hasAnyRole(editor, ['wire'])).toBe(false);
  });

  it('grants admin nothing it is not named for', () => {
    expect(hasAnyRole(admin, ['editor'])).toBe(false);
    expect(hasAnyRole(admin, ['editor', 'admin'])).toBe(true);
  });
});
