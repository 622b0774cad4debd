import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signToken } from '@newsroom/platform';
import { frenchEntry, rssFeed } from '@newsroom/test-factories';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { openLiveFeed } from './support/console-live';
import { call, NewsroomStack, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { screenAndAxe } from './support/screens';
import { killLeftoverServices, ServiceProcess, startConsoleProcess, waitUntilReady } from './support/service-process';
import { eventually, freePort } from './support/test-env';

const SCREENSHOTS = join(__dirname, '..', '.cache', 'screenshots');
const LOGS = join(__dirname, '..', '.cache', 'logs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIME_ZONE = 'Europe/Paris';
const NBSP = '\u00a0';

/** `YYYY-MM-DDTHH:mm:ss` in the browser's time zone: what a datetime-local input holds for that instant. */
function localInput(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('the console, in a real browser against the real stack', () => {
  const run = randomUUID().slice(0, 8);
  let stack: NewsroomStack;
  let consoleProcess: ServiceProcess;
  let consoleUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const accessibility: string[] = [];
  const screens: string[] = [];
  const browserLog: string[] = [];

  /** A screenshot of the screen, and its serious and critical axe-core findings kept for the last test. */
  async function screen(page: Page, name: string): Promise<void> {
    screens.push(name);
    accessibility.push(...(await screenAndAxe(page, name)));
  }

  async function signIn(page: Page, name: string, sub: string, roles: string[]): Promise<void> {
    await page.goto(consoleUrl);
    await page.locator('#sign-in-name').fill(name);
    await page.locator('#sign-in-sub').fill(sub);
    for (const role of ['journalist', 'editor', 'wire', 'admin'])
      await page.locator(`input[name="roles"][value="${role}"]`).setChecked(roles.includes(role));
    await page.locator('form button[type="submit"]').click();
    await page.locator('header.top .who', { hasText: name }).waitFor();
  }

  beforeAll(async () => {
    const port = await freePort();
    consoleUrl = `http://127.0.0.1:${port}`;
    // A database of its own, so that the queue shows this test's stories and not every other suite's (npm test runs
    // this suite on its own: its publication would republish what other suites approve on the shared topics).
    stack = await NewsroomStack.start({ CORS_ORIGINS: consoleUrl }, { fromTopicEnd: true, database: 'newsroom_console' });
    consoleProcess = startConsoleProcess({
      CONSOLE_HTTP_PORT: String(port),
      CONSOLE_INGESTION_URL: stack.urls.ingestion,
      CONSOLE_EDITORIAL_URL: stack.urls.editorial,
      CONSOLE_PUBLICATION_URL: stack.urls.publication,
      NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
    });
    await waitUntilReady(`${consoleUrl}/health/ready`, consoleProcess, 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 180_000);

  afterEach(() => {
    if (browserLog.length) process.stdout.write(`console test, the browser said:\n  ${browserLog.splice(0).join('\n  ')}\n`);
  });

  afterAll(async () => {
    if (consoleProcess) {
      mkdirSync(LOGS, { recursive: true });
      writeFileSync(join(LOGS, 'console-test.log'), consoleProcess.stdout() + consoleProcess.stderr());
    }
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    if (consoleProcess?.child.exitCode === null) consoleProcess.child.kill('SIGTERM');
    await consoleProcess?.exited;
    await stack?.stop();
    killLeftoverServices();
  });

  async function page(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, timezoneId: TIME_ZONE, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const opened = await context.newPage();
    opened.on('dialog', (dialog) => void dialog.accept());
    // What the page itself reported, printed when a test fails.
    opened.on('console', (message) => browserLog.push(`${locale} console.${message.type()}: ${message.text()}`));
    opened.on('requestfailed', (request) =>
      browserLog.push(`${locale} ${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`),
    );
    return opened;
  }

  it('serves development sign-in outside production, refusing roles that do not exist with problem+json', async () => {
    const config = await call('GET', `${consoleUrl}/api/config`);
    expect(config.body).toEqual({ services: stack.urls, signIn: { kind: 'development' } });
    const refused = await call('POST', `${consoleUrl}/api/dev-token`, { body: { sub: 'x', name: 'X', roles: ['superuser'] } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['roles.0']);
  });

  it('opens its live feed to signed-in users only', async () => {
    const anonymous = await openLiveFeed(consoleUrl);
    expect(anonymous).toMatchObject({ status: 401, challenge: 'Bearer' });
    expect(anonymous.contentType).toMatch(/^application\/problem\+json/);
    const signedWithAnotherKey = await signToken({ sub: 'x', name: 'X', roles: ['editor'] }, 'another-secret-at-least-32-characters-long');
    expect(await openLiveFeed(consoleUrl, signedWithAnotherKey)).toMatchObject({ status: 401, challenge: 'Bearer error="invalid_token"' });
    const editor = await tokenFor(`live-${run}`, 'Lou', ['editor']);
    const opened = await openLiveFeed(consoleUrl, editor);
    expect(opened).toMatchObject({ status: 200, text: 'retry: 2000\n\n' });
    expect(opened.contentType).toMatch(/^text\/event-stream/);
  });

  it('is generated from the services’ OpenAPI documents as they are now', async () => {
    for (const service of ['ingestion', 'editorial', 'publication'] as const) {
      const live = await call('GET', `${stack.urls[service]}/docs/openapi.json`);
      const committed = JSON.parse(readFileSync(join(__dirname, '..', 'apps', 'console', 'openapi', `${service}.json`), 'utf8'));
      // `npm run console:api` writes them again (and the client's types) when a route changes.
      expect({ service, paths: live.body.paths, components: live.body.components }).toEqual({
        service,
        paths: committed.paths,
        components: committed.components,
      });
    }
  });

  it('takes a French story from the journalist to publication, through a live queue, a diff, an embargo and a correction', async () => {
    const editor = await page('en-GB');
    const journalist = await page('fr-FR');
    try {
      await storyFlow(editor, journalist);
    } catch (err) {
      // What each browser showed when it failed.
      mkdirSync(SCREENSHOTS, { recursive: true });
      await editor.screenshot({ path: join(SCREENSHOTS, 'console-failed-editor.png'), fullPage: true });
      await journalist.screenshot({ path: join(SCREENSHOTS, 'console-failed-journalist.png'), fullPage: true });
      throw err;
    }
  }, 180_000);

  async function storyFlow(editor: Page, journalist: Page): Promise<void> {
    const headline = `« Grève » : l’heure du choix ${run}`;
    const firstLine = `«${NBSP}Rien n’est réglé${NBSP}», affirme Éric Delmas.`;

    await signIn(editor, 'Bruno Keller', `bruno-${run}`, ['editor']);
    await editor.getByRole('heading', { name: 'Review queue' }).waitFor();
    await screen(editor, 'editor-queue');

    await signIn(journalist, 'Élodie Lefèvre', `elodie-${run}`, ['journalist']);
    await journalist.getByRole('heading', { name: 'Mes articles' }).waitFor();
    await journalist.getByRole('link', { name: 'Nouvel article' }).click();
    await journalist.locator('#headline').fill(headline);
    await journalist.locator('#body').click();
    await journalist.keyboard.insertText(firstLine);
    await screen(journalist, 'journalist-new-story');
    await journalist.getByRole('button', { name: 'Envoyer en relecture' }).click();
    const row = journalist.locator('tr', { hasText: headline });
    await row.getByText('Envoyé').waitFor();
    const storyId = (await row.getAttribute('data-story'))!;
    await screen(journalist, 'journalist-drafts');

    // Stored as typed: guillemets, curly apostrophe and non-breaking spaces.
    const journalistToken = await tokenFor(`elodie-${run}`, 'Élodie Lefèvre', ['journalist']);
    const stored = await call('GET', `${stack.urls.ingestion}/v1/drafts/${storyId}`, { token: journalistToken });
    expect({ headline: stored.body.headline, body: stored.body.body }).toEqual({ headline, body: `<p>${firstLine}</p>` });

    // The editor's queue moves by itself.
    await editor.locator('tr', { hasText: headline }).waitFor({ timeout: 20_000 });

    // The journalist revises; the editor sees what changed.
    await row.getByRole('link', { name: headline }).click();
    await journalist.locator('#body').click();
    await journalist.keyboard.press('Control+End');
    await journalist.keyboard.insertText(' Les trains reprendront lundi.');
    await journalist.getByRole('button', { name: 'Enregistrer la révision' }).click();
    await journalist.getByRole('heading', { name: 'Mes articles' }).waitFor();

    await editor.getByRole('link', { name: headline }).click();
    await editor.locator('.diff ins', { hasText: 'trains' }).first().waitFor({ timeout: 20_000 });
    await editor.getByText('From revision 1 to revision 2').waitFor();
    await screen(editor, 'editor-review-diff');

    await editor.getByRole('button', { name: 'Claim' }).click();
    await editor.getByText('Held by Bruno Keller').first().waitFor();
    const embargo = new Date(Math.ceil((Date.now() + 2_000) / 1000) * 1000);
    await editor.locator('#publish-at').fill(localInput(embargo));
    await editor.getByRole('button', { name: 'Approve' }).click();
    await editor.getByRole('status').getByText('Done.').waitFor();
    await screen(editor, 'editor-approved');

    // Public at the embargo, not before.
    let firstSeenAt = 0;
    const article = await eventually(async () => {
      const reply = await call('GET', `${stack.urls.publication}/v1/articles/${storyId}`);
      if (reply.status !== 200) return undefined;
      firstSeenAt = Date.now();
      return reply.body;
    }, 20_000);
    expect(article?.headlines?.[0]?.value).toBe(headline);
    expect(firstSeenAt).toBeGreaterThanOrEqual(embargo.getTime());
    expect(article.bodies[0].value).toBe(`<p>${firstLine} Les trains reprendront lundi.</p>`);

    // The editor corrects it; the journalist sees the correction without reloading.
    const note = `Précision : le préavis court jusqu’à lundi ${run}.`;
    await editor.getByRole('link', { name: 'Published' }).click();
    await editor.getByRole('link', { name: headline }).click();
    await editor.locator('#corrected-body').click();
    await editor.keyboard.press('Control+End');
    await editor.keyboard.insertText(` Le préavis court jusqu’à lundi${NBSP}8${NBSP}h.`);
    await editor.locator('#correction-note').fill(note);
    await editor.getByRole('button', { name: 'Publish a correction' }).click();
    await editor.getByRole('status').getByText('Done.').waitFor();
    await editor.getByText('Version 2', { exact: false }).first().waitFor({ timeout: 20_000 });
    await screen(editor, 'editor-article-corrected');
    const corrected = await call('GET', `${stack.urls.publication}/v1/articles/${storyId}`);
    expect(corrected.body.bodies[0].value).toBe(
      `<p>${firstLine} Les trains reprendront lundi. Le préavis court jusqu’à lundi${NBSP}8${NBSP}h.</p>`,
    );

    await journalist.locator('tr', { hasText: headline }).getByText(`Correction (version 2) : ${note}`).waitFor({ timeout: 20_000 });
    await screen(journalist, 'journalist-sees-correction');

    // The journalist updates the live story; the editor reads the update against the revision it was published from.
    await journalist.locator('tr', { hasText: headline }).getByRole('link', { name: headline }).click();
    // The update starts from what readers have now: the editor's correction is in it.
    await journalist
      .getByText('Cet article est en ligne (version 2) : vous partez du texte que lisent les lecteurs', { exact: false })
      .waitFor();
    await journalist.locator('#body').click();
    await journalist.keyboard.press('Control+End');
    await journalist.keyboard.insertText(' Mise à jour : la grève est levée.');
    await journalist.getByRole('button', { name: 'Enregistrer la révision' }).click();
    await journalist.getByRole('heading', { name: 'Mes articles' }).waitFor();
    const update = await call('GET', `${stack.urls.ingestion}/v1/drafts/${storyId}`, { token: journalistToken });
    expect({ revision: update.body.revision, body: update.body.body }).toEqual({
      revision: 3,
      body: `<p>${firstLine} Les trains reprendront lundi. Le préavis court jusqu’à lundi${NBSP}8${NBSP}h. Mise à jour : la grève est levée.</p>`,
    });
    await editor.getByRole('link', { name: 'Review queue' }).click();
    await editor.locator('tr', { hasText: headline }).getByText('Update of version 2').waitFor({ timeout: 20_000 });
    await editor.getByRole('link', { name: headline }).click();
    await editor
      .getByText('An update of live version 2: from revision 2, which it was published from, to revision 3')
      .waitFor({ timeout: 20_000 });
    await editor.locator('.diff ins', { hasText: 'levée' }).first().waitFor();
    await screen(editor, 'editor-review-update');
  }

  it('shows the wire desk a source’s status and its incoming items, the latest first, fifty at a time', async () => {
    const name = `agence-${run}`;
    const admin = await tokenFor(`ada-${run}`, 'Ada Admin', ['admin']);
    const wire = await tokenFor(`wire-${run}`, 'Agence', ['wire']);
    expect(
      (await call('POST', `${stack.urls.ingestion}/v1/wires`, { token: admin, body: { name, format: 'rss', language: 'fr' } })).status,
    ).toBe(201);
    const items = Array.from({ length: 51 }, (_, n) => frenchEntry(n + 1, { id: `urn:agence:${run}:${n + 1}` }));
    const pushed = await fetch(`${stack.urls.ingestion}/v1/wires/${name}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wire}`, 'content-type': 'application/rss+xml' },
      body: rssFeed(items),
    });
    expect(await pushed.json()).toMatchObject({ created: 51 });

    const desk = await page('fr-FR');
    await signIn(desk, 'Inès Martin', `ines-${run}`, ['editor']);
    await desk.getByRole('link', { name: 'Agences' }).click();
    await desk.getByRole('link', { name }).click();
    await desk.getByRole('heading', { name: `Dépêches de ${name}` }).waitFor();
    await desk.getByText('L’agence envoie ses dépêches (pas de relève).').waitFor();
    const rows = desk.locator('table.list tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    // Each item as the wire wrote it, as a story in the queue the editor can open.
    const newest = rows.filter({ hasText: frenchEntry(51).title });
    await newest.getByText('Envoyé').waitFor();
    await screen(desk, 'wire-desk');
    await desk.getByRole('button', { name: 'Afficher la suite' }).click();
    await desk.locator('table.list tbody tr').nth(50).waitFor();
    expect(await rows.count()).toBe(51);
    expect(await desk.getByRole('button', { name: 'Afficher la suite' }).count()).toBe(0);
    await desk.getByRole('link', { name: frenchEntry(1).title, exact: true }).click();
    await desk.getByText('Agence', { exact: false }).first().waitFor();
    expect(new URL(desk.url()).hash).toMatch(/^#\/reviews\//);
  }, 120_000);

  it('has no serious or critical accessibility finding on any screen (axe-core)', () => {
    expect({ screens: screens.length, accessibility }).toEqual({ screens: 9, accessibility: [] });
  });
});
