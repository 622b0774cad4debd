import { SignJWT } from 'jose';
import { bearerTokenOf, signToken, TokenRejected, TokenVerifier, VerifiedTokens, verifyToken } from './token';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const alice = { sub: 'alice', name: 'Alice Martin', roles: ['journalist', 'editor'] as const };

describe(bearerTokenOf.name, () => {
  it('takes the token of a Bearer header, whatever the scheme’s case and the spaces around', () => {
    expect(bearerTokenOf('Bearer eyJ.abc-_~+/.x==')).toBe('eyJ.abc-_~+/.x==');
    expect(bearerTokenOf('bearer  abc ')).toBe('abc');
  });

  it('takes nothing else: no header, another scheme, two headers, characters no token has', () => {
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'Bearer a"b', ['Bearer a', 'Bearer b']])
      expect(bearerTokenOf(header)).toBeUndefined();
  });
});

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
  const rawToken = (claims: Record<string, unknown>, alg = 'HS256', key = secret, expires: string | number = '5m') =>
    new SignJWT(claims).setProtectedHeader({ alg }).setExpirationTime(expires).sign(new TextEncoder().encode(key));
  const rejection = (token: Promise<string> | string) =>
    Promise.resolve(token).then((value) =>
      verifyToken(value, secret).then(
        () => 'accepted',
        (err: TokenRejected) => `${err.message}${err.claim ? ` [${err.claim}]` : ''}`,
      ),
    );
  const now = () => Math.floor(Date.now() / 1000);

  it('rejects a token signed with another secret', async () => {
    expect(await rejection(signToken({ ...alice, roles: ['editor'] }, 'another-secret-that-is-also-long-enough'))).toBe(
      'the token signature does not verify',
    );
  });

  it('allows 30 seconds of clock skew, and no more', async () => {
    const claims = { sub: 'alice', name: 'Alice', roles: ['editor'] };
    expect(await rejection(rawToken(claims, 'HS256', secret, now() - 20))).toBe('accepted');
    expect(await rejection(rawToken(claims, 'HS256', secret, now() - 40))).toBe('the token has expired');
  });

  it('rejects what is not a JWT', async () => {
    expect(await rejection('not.a.token')).toBe('the token is malformed');
  });

  it('rejects a token without an expiry', async () => {
    const forever = new SignJWT({ sub: 'alice', name: 'Alice', roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' });
    expect(await rejection(forever.sign(new TextEncoder().encode(secret)))).toBe('the token claim exp is missing [exp]');
  });

  it.each([
    ['an unknown role', { sub: 'alice', name: 'Alice', roles: ['publisher'] }, 'roles must list only journalist, editor, wire, admin'],
    ['roles that are not a list', { sub: 'alice', name: 'Alice', roles: 'editor' }, 'roles must be a list of roles'],
    ['no roles', { sub: 'alice', name: 'Alice', roles: [] }, 'roles must list at least one role'],
    ['no name', { sub: 'alice', roles: ['editor'] }, 'name is missing'],
    ['a blank name', { sub: 'alice', name: '  ', roles: ['editor'] }, 'name must not be empty'],
    ['a name longer than a byline', { sub: 'alice', name: 'A'.repeat(201), roles: ['editor'] }, 'name must be at most 200 characters'],
    ['a bidi override in the name', { sub: 'alice', name: 'Alice \u202eniraM', roles: ['editor'] }, 'name must not hold'],
    ['a control character in the name', { sub: 'alice', name: 'Alice\u0000', roles: ['editor'] }, 'name must not hold'],
    ['a lone surrogate in the name', { sub: 'alice', name: 'Alice \ud800', roles: ['editor'] }, 'name must not hold'],
    ['a non-character in the name', { sub: 'alice', name: 'Alice \ufffe', roles: ['editor'] }, 'name must not hold'],
    ['a name that is not text', { sub: 'alice', name: 42, roles: ['editor'] }, 'name must be a string'],
    ['a subject with a space', { sub: 'alice martin', name: 'Alice', roles: ['editor'] }, 'sub must be printable ASCII without spaces'],
    ['a subject of 256 characters', { sub: 'a'.repeat(256), name: 'Alice', roles: ['editor'] }, 'sub must be at most 255 characters'],
  ])('rejects claims with %s, naming the claim', async (_, claims, message) => {
    const reason = await rejection(rawToken(claims));
    expect(reason).toContain(`the token claim ${message}`);
    expect(reason).toMatch(/\[(sub|name|roles)\]$/);
  });

  it('accepts names from every newsroom: accents, non-Latin scripts, ZWNJ, emoji', async () => {
    for (const name of ['Émilie Caron-Lefèvre', 'Ólafur Ragnar Grímsson', 'محمد\u200cرضا', '李小龙', 'Ana 🌻']) {
      expect(await rejection(rawToken({ sub: 'auth0|5f2b9c', name, roles: ['journalist'] }))).toBe('accepted');
    }
  });

  it('accepts HS256 only, and never an unsigned token', async () => {
    expect(await rejection(rawToken({ sub: 'alice', name: 'Alice', roles: ['editor'] }, 'HS512'))).toBe(
      'the token is not signed with HS256',
    );
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'alice', name: 'Alice', roles: ['editor'], exp: now() + 300 })}.`;
    expect(await rejection(unsigned)).toBe('the token is not signed with HS256');
  });
});

describe(VerifiedTokens.name, () => {
  const lea = { id: 'lea', name: 'Léa Moreau', roles: ['journalist' as const] };
  const at = Date.parse('2026-12-03T12:00:00Z');
  const expiringIn = (seconds: number) => ({ exp: at / 1000 + seconds });

  it('knows a verified token until its expiry or for a minute, whichever comes first', () => {
    const cache = new VerifiedTokens();
    cache.put('short', lea, expiringIn(10), at);
    cache.put('long', lea, expiringIn(3600), at);
    expect(cache.get('short', at + 9_999)).toEqual(lea);
    expect(cache.get('short', at + 10_000)).toBeUndefined();
    expect(cache.get('long', at + 59_999)).toEqual(lea);
    expect(cache.get('long', at + 60_000)).toBeUndefined();
  });

  it('keeps nothing without an expiry, past its expiry, or too long to hold', () => {
    const cache = new VerifiedTokens(10, 60_000, 100);
    cache.put('no-exp', lea, {}, at);
    cache.put('expired', lea, expiringIn(-1), at);
    cache.put('x'.repeat(101), lea, expiringIn(60), at);
    expect([cache.get('no-exp', at), cache.get('expired', at), cache.get('x'.repeat(101), at)]).toEqual([undefined, undefined, undefined]);
  });

  it('lets the least recently used go first when full', () => {
    const cache = new VerifiedTokens(2);
    cache.put('a', lea, expiringIn(60), at);
    cache.put('b', lea, expiringIn(60), at);
    cache.get('a', at);
    cache.put('c', lea, expiringIn(60), at);
    expect([cache.get('a', at), cache.get('b', at), cache.get('c', at)]).toEqual([lea, undefined, lea]);
  });

  it('hands out a copy: a caller that changes its principal changes nobody else’s', () => {
    const cache = new VerifiedTokens();
    cache.put('t', { ...lea, roles: [...lea.roles] }, expiringIn(60), at);
    cache.get('t', at)!.roles.push('editor');
    expect(cache.get('t', at)).toEqual(lea);
  });
});

describe('TokenVerifier with its cache', () => {
  it('still refuses a bad token every time, and accepts a good one twice', async () => {
    const verifier = TokenVerifier.forConfig({ NEWSROOM_JWT_SECRET: secret });
    const good = await signToken({ ...alice, roles: [...alice.roles] }, secret);
    const forged = await signToken({ ...alice, roles: [...alice.roles] }, `${secret}-other`);
    for (let i = 0; i < 2; i++) {
      await expect(verifier.verify(good)).resolves.toMatchObject({ id: 'alice' });
      await expect(verifier.verify(forged)).rejects.toThrow('the token signature does not verify');
    }
  });
});

describe('VerifiedTokens and the key set', () => {
  it('forgets a token checked with keys that have since been replaced', () => {
    const cache = new VerifiedTokens();
    const at = Date.now();
    const before = { keys: [] };
    cache.put('t', { id: 'lea', name: 'Léa', roles: ['journalist'] }, { exp: at / 1000 + 60 }, at, before);
    expect(cache.get('t', at, before)).toBeDefined();
    expect(cache.get('t', at, { keys: [] })).toBeUndefined();
  });
});
