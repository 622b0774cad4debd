import { randomUUID } from 'node:crypto';
import { signToken, startServiceApp } from '@newsroom/platform';
import { draftRequest } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { editorialService } from '../../apps/editorial/src/editorial.service';
import { ingestionService } from '../../apps/ingestion/src/ingestion.service';
import { publicationService } from '../../apps/publication/src/publication.service';
import { call, TEST_JWT_SECRET } from '../support/newsroom-stack';
import { eventually, testConfig } from '../support/test-env';
import { ExposedRoute, exposedRoutes } from './exposed-routes';
import { FIXTURE_STATUSES, FixtureStatus } from './hostile-requests';

type Role = 'journalist' | 'editor' | 'wire' | 'admin';

export interface Fixture {
  id: string;
  slug: string;
  status: FixtureStatus;
  author: { sub: string; name: string };
  /** The editor holding the claim, for stories in review. */
  claimant?: { sub: string; name: string };
}

export const FIXTURES_PER_STATUS = 12;

/** The three services in this process, on ports of their own, with the routes they expose. */
export class PropertyStack {
  readonly apps: Record<string, NestFastifyApplication> = {};
  readonly urls: Record<string, string> = {};
  routes: ExposedRoute[] = [];
  readonly fixtures = new Map<FixtureStatus, Fixture[]>();
  readonly run = randomUUID().slice(0, 8);
  private minted = 0;

  static async start(): Promise<PropertyStack> {
    const stack = new PropertyStack();
    for (const definition of [ingestionService, editorialService, publicationService]) {
      const app = await startServiceApp(definition, testConfig(definition, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent' }));
      stack.apps[definition.name] = app;
      stack.urls[definition.name] = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      stack.routes.push(...exposedRoutes(definition.name, app));
    }
    return stack;
  }

  /** A subject no other request used, so that what it wrote can be told apart. */
  freshSub(kind: string): string {
    return `prop-${this.run}-${kind}-${++this.minted}`;
  }

  token(
    sub: string,
    roles: Role[],
    name = 'Propriété Dupont',
    secret = TEST_JWT_SECRET,
    expiresIn: string | number = '1h',
  ): Promise<string> {
    return signToken({ sub, name, roles }, secret, expiresIn);
  }

  async close(): Promise<void> {
    for (const app of Object.values(this.apps).reverse()) await app.close();
  }

  /** Stories in each status, each with an author (and claimant) of its own, settled before the campaign starts. */
  async createFixtures(): Promise<void> {
    const deskEditor = await this.token(this.freshSub('desk'), ['editor'], 'Rédaction en chef');
    const created = await Promise.all(
      FIXTURE_STATUSES.flatMap((status) =>
        Array.from({ length: FIXTURES_PER_STATUS }, async (_, n): Promise<Fixture> => {
          const author = { sub: this.freshSub('author'), name: 'Élodie Lefèvre' };
          const body = draftRequest({ headline: `Fixture ${status} ${n} ${this.run}` });
          const draft = await call('POST', `${this.urls.ingestion}/v1/drafts`, {
            token: await this.token(author.sub, ['journalist']),
            body,
          });
          if (draft.status !== 201) throw new Error(`fixture draft refused: ${draft.status} ${JSON.stringify(draft.body)}`);
          return { id: draft.body.id, slug: draft.body.slug, status, author };
        }),
      ),
    );
    const review = (id: string) => call('GET', `${this.urls.editorial}/v1/reviews/${id}`, { token: deskEditor });
    for (const fixture of created) {
      const queued = await eventually(async () => ((await review(fixture.id)).status === 200 ? true : undefined));
      if (!queued) throw new Error(`fixture ${fixture.id} never reached the review queue`);
    }
    await Promise.all(created.map((fixture) => this.bringTo(fixture, deskEditor)));
    for (const fixture of created) {
      const list = this.fixtures.get(fixture.status) ?? [];
      list.push(fixture);
      this.fixtures.set(fixture.status, list);
    }
  }

  private async bringTo(fixture: Fixture, deskEditor: string): Promise<void> {
    const editorial = `${this.urls.editorial}/v1/reviews/${fixture.id}`;
    const expect = async (reply: Promise<{ status: number; body: unknown }>) => {
      const { status, body } = await reply;
      if (status >= 300) throw new Error(`fixture ${fixture.status} ${fixture.id}: ${status} ${JSON.stringify(body)}`);
    };
    if (fixture.status === 'in_review') {
      fixture.claimant = { sub: this.freshSub('claimant'), name: 'Amélie Durand' };
      await expect(call('POST', `${editorial}/claim`, { token: await this.token(fixture.claimant.sub, ['editor']) }));
    } else if (fixture.status === 'changes_requested') {
      await expect(call('POST', `${editorial}/request-changes`, { token: deskEditor, body: { revision: 1, comment: 'Sources ?' } }));
    } else if (fixture.status === 'withdrawn') {
      const token = await this.token(fixture.author.sub, ['journalist']);
      await expect(call('POST', `${this.urls.ingestion}/v1/drafts/${fixture.id}/withdraw`, { token }));
    } else if (fixture.status === 'published') {
      await expect(call('POST', `${editorial}/approve`, { token: deskEditor, body: { revision: 1 } }));
    }
    // Settled once the journalist's draft shows the status: every event about the story has been applied.
    const owner = await this.token(fixture.author.sub, ['journalist']);
    const settled = await eventually(async () => {
      const draft = await call('GET', `${this.urls.ingestion}/v1/drafts/${fixture.id}`, { token: owner });
      if (draft.body?.status !== fixture.status) return undefined;
      if (fixture.status !== 'published') return true;
      return (await call('GET', `${this.urls.publication}/v1/articles/${fixture.id}`)).status === 200 ? true : undefined;
    });
    if (!settled) throw new Error(`fixture ${fixture.id} never became ${fixture.status}`);
  }
}
