import { SignJWT } from 'jose';
import { signToken, TokenRejected, verifyToken } from './token';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const alice = { sub: 'alice', name: 'Alice Martin', roles: ['journalist', 'editor'] as const };

describe(signToken.name, () => {
  it('signs a token that verifies into the principal', async () => {
    const token = await signToken({ ...alice, roles: [...alice.roles] }, secret);
    await expect(verifyToken(token, secret)).resolves.toEqual({ id: 'alice', name: 'Alice Martin', roles: ['journalist', 'editor'] });
  });

  it('refuses to sign an unknown role', async () => {
    await expect(signToken({ sub: 'x', name: 'X', roles: ['publisher' as never] }, secret)).rejects.toThrow(/roles\.0/);
  });
});

describe(verifyToken.name, () => {
  const rawToken = (claims: Record<string, unknown>, alg = 'HS256', key = secret) =>
    new SignJWT(claims).setProtectedHeader({ alg }).setExpirationTime('5m').sign(new TextEncoder().encode(key));
  const rejection = (token: Promise<string> | string) =>
    Promise.resolve(token).then((value) =>
      verifyToken(value, secret).then(
        () => 'accepted',
        (err: TokenRejected) => err.message,
      ),
    );

  it('rejects a token signed with another secret', async () => {
    expect(await rejection(signToken({ ...alice, roles: ['editor'] }, 'another-secret-that-is-also-long-enough'))).toBe(
      'the token signature does not verify',
    );
  });

  it('rejects an expired token', async () => {
    expect(await rejection(signToken({ ...alice, roles: ['editor'] }, secret, '-10s'))).toBe('the token has expired');
  });

  it('rejects what is not a JWT', async () => {
    expect(await rejection('not.a.token')).toBe('the token is malformed');
  });

  it('rejects a token without an expiry', async () => {
    const forever = new SignJWT({ sub: 'alice', name: 'Alice', roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' });
    expect(await rejection(forever.sign(new TextEncoder().encode(secret)))).toBe('the token claims are malformed');
  });

  it.each([
    ['an unknown role', { sub: 'alice', name: 'Alice', roles: ['publisher'] }],
    ['roles that are not a list', { sub: 'alice', name: 'Alice', roles: 'editor' }],
    ['no roles', { sub: 'alice', name: 'Alice', roles: [] }],
    ['no name', { sub: 'alice', roles: ['editor'] }],
    ['no subject', { name: 'Alice', roles: ['editor'] }],
  ])('rejects claims with %s', async (_, claims) => {
    expect(await rejection(rawToken(claims))).toBe('the token claims are malformed');
  });

  it('accepts HS256 only', async () => {
    expect(await rejection(rawToken({ sub: 'alice', name: 'Alice', roles: ['editor'] }, 'HS512'))).toBe(
      'the token is not signed with HS256',
    );
  });
});
