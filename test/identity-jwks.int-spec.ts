import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startServiceApp } from '@newsroom/platform';
import { draftRequest } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { exportJWK, generateKeyPair, GenerateKeyPairResult, JWK, SignJWT } from 'jose';
import { Client } from 'pg';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { call } from './support/newsroom-stack';
import { testConfig } from './support/test-env';

const ISSUER = 'https://id.newsroom.test/realms/newsroom';
const AUDIENCE = 'newsroom-api';

type SigningKey = { kid: string; alg: 'RS256' | 'ES256'; privateKey: GenerateKeyPairResult['privateKey']; jwk: JWK };

async function signingKey(alg: SigningKey['alg']): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The identity provider's key set, served on loopback by the test; `publish` swaps the keys, as a rotation does. */
class KeySetServer {
  private keys: SigningKey[] = [];
  fetches = 0;
  down = false;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<KeySetServer> {
    let self: KeySetServer | undefined = undefined;
    const server = createServer((_, res) => {
      self!.fetches += 1;
      if (self!.down) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: self!.keys.map((key) => key.jwk) }));
    });
    self = new KeySetServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realms/newsroom/protocol/openid-connect/certs`;
  }

  publish(...keys: SigningKey[]): void {
    this.keys = keys;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface TokenOptions {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  expiresAt?: number;
}

const now = () => Math.floor(Date.now() / 1000);

function sign(key: SigningKey, { claims = {}, issuer = ISSUER, audience = AUDIENCE, expiresAt = now() + 300 }: TokenOptions = {}) {
  return new SignJWT({ name: 'Alice Martin', roles: ['journalist'], ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject(typeof claims.sub === 'string' ? claims.sub : 'alice-jwks')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key.privateKey);
}

describe('bearer tokens from an identity provider (NEWSROOM_JWKS_URL)', () => {
  let keySet: KeySetServer;
  let app: NestFastifyApplication;
  let url: string;
  let rsa: SigningKey;
  let ec: SigningKey;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    [keySet, rsa, ec] = await Promise.all([KeySetServer.start(), signingKey('RS256'), signingKey('ES256')]);
    keySet.publish(rsa, ec);
    await db.connect();
    const config = testConfig(ingestionService, {
      NEWSROOM_JWKS_URL: keySet.url,
      NEWSROOM_JWT_ISSUER: ISSUER,
      NEWSROOM_JWT_AUDIENCE: AUDIENCE,
      // No pause between fetches, so that the rotation below needs no waiting; production keeps the default 30 s.
      NEWSROOM_JWKS_COOLDOWN_SECONDS: '0',
    });
    app = await startServiceApp(ingestionService, config);
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await keySet?.close();
    await db.end();
  });

  const drafts = (token: string | Promise<string>) =>
    Promise.resolve(token).then((value) => call('GET', `${url}/v1/drafts`, { token: value }));

  it('accepts RS256 and ES256 tokens signed by the provider, fetching its keys once', async () => {
    const before = keySet.fetches;
    expect((await drafts(sign(rsa))).status).toBe(200);
    expect((await drafts(sign(ec))).status).toBe(200);
    expect((await drafts(sign(rsa))).status).toBe(200);
    expect(keySet.fetches - before).toBeLessThanOrEqual(1);
  });

  it.each<[string, () => Promise<string>, string]>([
    ['another issuer', () => sign(rsa, { issuer: 'https://evil.example/' }), 'the token claim iss is not the one this service accepts'],
    ['another audience', () => sign(rsa, { audience: 'someone-else' }), 'the token claim aud is not the one this service accepts'],
    ['expired beyond the clock skew', () => sign(rsa, { expiresAt: now() - 45 }), 'the token has expired'],
  ])('refuses a token for %s with 401', async (_, token, reason) => {
    const answer = await drafts(token());
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.detail).toBe(`The bearer token was rejected: ${reason}.`);
  });

  it('tolerates a clock a few seconds behind the provider’s', async () => {
    expect((await drafts(sign(rsa, { expiresAt: now() - 10 }))).status).toBe(200);
  });

  it('refuses an HS256 token, even one signed with the development secret, and an unsigned one', async () => {
    const hs256 = await new SignJWT({ name: 'Mallory', roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('newsroom-development-secret-not-for-production'));
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', kid: rsa.kid })}.${b64({ sub: 'mallory', name: 'M', roles: ['editor'], iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })}.`;
    for (const token of [hs256, unsigned]) {
      const answer = await drafts(token);
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toBe('The bearer token was rejected: the token is not signed with RS256 or ES256.');
    }
  });

  it('refuses a token that verifies but whose name could not be a byline, with 401 naming the claim, and writes nothing', async () => {
    const sub = `alice-${randomUUID()}`;
    const token = await sign(rsa, { claims: { sub, name: 'A'.repeat(201) } });
    const answer = await call('POST', `${url}/v1/drafts`, { token, body: draftRequest({ byline: undefined }) });
    expect(answer.status).toBe(401);
    expect(answer.body.errors).toEqual([{ field: 'token.name', message: 'the token claim name must be at most 200 characters' }]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ingestion.drafts WHERE author_id = $1', [sub]);
    expect(rows[0].n).toBe(0);
  });

  it('follows a key rotation: a new kid is fetched, the retired key is refused', async () => {
    const next = await signingKey('RS256');
    keySet.publish(next, ec);
    expect((await drafts(sign(next))).status).toBe(200);
    const retired = await drafts(sign(rsa));
    expect(retired.status).toBe(401);
    expect(retired.body.detail).toBe('The bearer token was rejected: the token is signed with a key the identity provider does not list.');
    keySet.publish(rsa, ec);
  });

  it('answers 503 with Retry-After, not 401, when the provider’s keys cannot be fetched', async () => {
    const unknownKid = await signingKey('ES256');
    keySet.down = true;
    try {
      const answer = await drafts(sign(unknownKid));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      keySet.down = false;
    }
  });
});
