import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { startServiceApp } from '@newsroom/platform';
import { INestApplication } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider, { errors as providerErrors } from 'oidc-provider';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { openLiveFeed } from './support/console-live';
import { call, tokenFor } from './support/newsroom-stack';
import { screenAndAxe } from './support/screens';
import { killLeftoverServices, ServiceProcess, startConsoleProcess, waitUntilReady } from './support/service-process';
import { freePort, testConfig } from './support/test-env';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_ID = 'newsroom-console';
/** The services' resource indicator (RFC 8707) and the audience their tokens carry. */
const RESOURCE = 'https://api.newsroom.test/';
const AUDIENCE = 'newsroom-api';
const NBSP = '\u00a0';

/** The organisation's people as the identity provider knows them: a name and the newsroom roles it puts in access tokens. */
const people: Record<string, { name: string; roles: string[] }> = {};

/**
 * A real OpenID provider (oidc-provider, its development login and consent pages) on loopback: the console is
 * registered as a public client, and the services' API as a resource server whose access tokens are JWTs.
 */
async function startIdentityProvider(port: number, consoleUrl: string): Promise<{ issuer: string; server: Server }> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${consoleUrl}/`],
        post_logout_redirect_uris: [`${consoleUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: `idp-${randomUUID().slice(0, 8)}`, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomUUID()] },
    // Seconds; and the console's origin is the only one its pages may call the token endpoint from.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    clientBasedCORS: (_ctx, origin) => origin === consoleUrl,
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, name: people[id]?.name }) }),
    extraTokenClaims: async (_ctx, token) =>
      token.kind === 'AccessToken' && token.accountId ? { name: people[token.accountId]?.name, roles: people[token.accountId]?.roles } : {},
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== RESOURCE) throw new providerErrors.InvalidTarget();
          return { scope: 'newsroom', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });
  const handle = provider.callback();
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, server };
}

describe('the console, signing in through the organisation’s identity provider (OIDC, code flow with PKCE)', () => {
  const run = randomUUID().slice(0, 8);
  const sub = `amelie-${run}`;
  people[sub] = { name: 'Amélie Durand', roles: ['journalist', 'editor'] };
  let idp: { issuer: string; server: Server };
  let ingestion: INestApplication;
  let ingestionUrl: string;
  let consoleProcess: ServiceProcess;
  let consoleUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const accessibility: string[] = [];

  beforeAll(async () => {
    const [consolePort, idpPort] = [await freePort(), await freePort()];
    consoleUrl = `http://127.0.0.1:${consolePort}`;
    idp = await startIdentityProvider(idpPort, consoleUrl);
    // The services check the provider's tokens against its key set, for their audience.
    ingestion = await startServiceApp(
      ingestionService,
      testConfig(ingestionService, {
        NEWSROOM_JWKS_URL: `${idp.issuer}/jwks`,
        NEWSROOM_JWT_ISSUER: idp.issuer,
        NEWSROOM_JWT_AUDIENCE: AUDIENCE,
        CORS_ORIGINS: consoleUrl,
      }),
    );
    ingestionUrl = (await ingestion.getUrl()).replace('[::1]', '127.0.0.1');
    consoleProcess = startConsoleProcess({
      CONSOLE_HTTP_PORT: String(consolePort),
      CONSOLE_INGESTION_URL: ingestionUrl,
      CONSOLE_OIDC_ISSUER: idp.issuer,
      CONSOLE_OIDC_CLIENT_ID: CLIENT_ID,
      CONSOLE_OIDC_SCOPE: 'openid profile newsroom',
      CONSOLE_OIDC_RESOURCE: RESOURCE,
      NEWSROOM_JWKS_URL: `${idp.issuer}/jwks`,
      NEWSROOM_JWT_ISSUER: idp.issuer,
      NEWSROOM_JWT_AUDIENCE: AUDIENCE,
    });
    await waitUntilReady(`${consoleUrl}/health/ready`, consoleProcess, 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 180_000);

  /** A browser of its own (no provider session from an earlier test: each signs in from scratch). */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    if (consoleProcess?.child.exitCode === null) consoleProcess.child.kill('SIGTERM');
    await consoleProcess?.exited;
    await ingestion?.close();
    idp?.server.closeAllConnections();
    await new Promise((resolve) => idp?.server.close(resolve));
    killLeftoverServices();
  });

  async function axe(page: Page, name: string): Promise<void> {
    accessibility.push(...(await screenAndAxe(page, name)));
  }

  /** Through the provider's own pages: its login form (any password in development), then its consent. */
  async function signInAtProvider(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(sub);
    await page.locator('input[name="password"]').fill('not checked in development');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('has no development sign-in: no token route, and the settings name the provider', async () => {
    const config = await call('GET', `${consoleUrl}/api/config`);
    expect(config.body.signIn).toEqual({
      kind: 'oidc',
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      scope: 'openid profile newsroom',
      resource: RESOURCE,
    });
    const refused = await call('POST', `${consoleUrl}/api/dev-token`, { body: { sub: 'x', name: 'X', roles: ['editor'] } });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('signs in at the provider and writes a story with the provider’s access token, which the service accepts', async () => {
    const page = await freshPage();
    await page.goto(`${consoleUrl}/#/drafts/new`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await axe(page, 'sign-in-oidc');
    await signInAtProvider(page);

    // Back in the console, on the screen the user asked for, with the code gone from the address bar.
    await page.locator('header.top .who', { hasText: 'Amélie Durand' }).waitFor();
    await page.locator('#headline').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('#/drafts/new');

    const token = (await page.evaluate(() => sessionStorage.getItem('newsroom.token')))!;
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    expect(decodeJwt(token)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, sub, name: 'Amélie Durand', roles: ['journalist', 'editor'] });

    const headline = `L’« inondation » de ${run}`;
    await page.locator('#headline').fill(headline);
    await page.locator('#body').click();
    await page.keyboard.insertText(`«${NBSP}Tout est sous l’eau${NBSP}», dit la maire.`);
    await page.getByRole('button', { name: 'Save without submitting' }).click();
    const row = page.locator('tr', { hasText: headline });
    await row.waitFor();
    const storyId = (await row.getAttribute('data-story'))!;
    await axe(page, 'journalist-drafts-oidc');

    // The live feed takes the provider's token too, and no development one.
    expect(await openLiveFeed(consoleUrl, token)).toMatchObject({ status: 200 });
    const development = await tokenFor(sub, 'Amélie Durand', ['journalist']);
    expect(await openLiveFeed(consoleUrl, development)).toMatchObject({ status: 401 });

    const stored = await call('GET', `${ingestionUrl}/v1/drafts/${storyId}`, { token });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ headline, author: { id: sub, name: 'Amélie Durand' } });
  }, 120_000);

  it('signs out at the provider too: the next sign-in asks for the login again', async () => {
    const page = await freshPage();
    await page.goto(consoleUrl);
    await signInAtProvider(page);
    await page.locator('header.top .who', { hasText: 'Amélie Durand' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.origin === consoleUrl);
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.locator('input[name="login"]').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('newsroom.token'))).toBeNull();
  }, 60_000);

  it('refuses a return whose state is not the one it sent, and keeps no session', async () => {
    const page = await freshPage();
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    // Someone else's code and state, as a forged link would bring them.
    await page.goto(`${consoleUrl}/?code=forged-code&state=forged-state&iss=${encodeURIComponent(idp.issuer)}`);
    await page.getByRole('alert').getByText('Signing in failed').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('newsroom.token'))).toBeNull();
    expect(new URL(page.url()).search).toBe('');
  }, 60_000);

  it('has no serious or critical accessibility finding on its screens (axe-core)', () => {
    expect(accessibility).toEqual([]);
  });
});
