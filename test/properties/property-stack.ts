import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startServiceApp } from '@newsroom/platform';
import { SignJWT } from 'jose';
import { draftRequest } from '@newsroom/test-factories';
import { editorialService } from '../../apps/editorial/src/editorial.service';
import { ingestionService } from '../../apps/ingestion/src/ingestion.service';
import { publicationService } from '../../apps/publication/src/publication.service';
import { call, TEST_JWT_SECRET } from '../support/newsroom-stack';
import { ServiceProcess, startServiceProcess, waitUntilReady } from '../support/service-process';
import { eventually, freePort, testConfig } from '../support/test-env';
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

/** What test/properties/loop-monitor.cjs measures inside a service, in milliseconds. */
export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  /** The most CPU the event loop spent between two ticks 10 ms apart: a stall of the service's own work. */
  longestBusyMs: number;
  longestGcMs: number;
  longestGcKind: string;
}

/**
 * The three services as processes of their own, as they run in production, so that a stall one
 * of them shows is its own and not this test process's (which generates and sends the requests).
 */
export class PropertyStack {
  readonly processes: Record<string, ServiceProcess> = {};
  readonly urls: Record<string, string> = {};
  routes: ExposedRoute[] = [];
  readonly fixtures = new Map<FixtureStatus, Fixture[]>();
  readonly run = randomUUID().slice(0, 8);
  private minted = 0;

  static async start(): Promise<PropertyStack> {
    const stack = new PropertyStack();
    for (const definition of [ingestionService, editorialService, publicationService]) {
      const overrides = { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent' };
      // The routes come from the app itself, started here only to be read, so that a route added later is fuzzed too.
      const app = await startServiceApp(definition, testConfig(definition, overrides));
      stack.routes.push(...exposedRoutes(definition.name, app));
      await app.close();
      const port = await freePort();
      const proc = startServiceProcess(definition.name, {
        ...overrides,
        LOG_LEVEL: 'warn',
        // Every request comes from this one address: rate limits (tested on their own) would answer 429 to the rest.
        RATE_LIMIT_ANONYMOUS: '10000000',
        RATE_LIMIT_SIGNED_IN: '10000000',
        HTTP_PORT: String(port),
        KAFKA_GROUP_ID: `test-properties-${definition.name}-${randomUUID()}`,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'loop-monitor.cjs')}`.trim(),
      });
      stack.processes[definition.name] = proc;
      stack.urls[definition.name] = `http://127.0.0.1:${port}`;
    }
    await Promise.all(
      Object.entries(stack.processes).map(([name, proc]) => waitUntilReady(`${stack.urls[name]}/health/ready`, proc, 60_000)),
    );
    return stack;
  }

  /** Each service's worst event-loop delay since the last call (the first call starts the count). */
  async loopDelays(): Promise<Record<string, LoopDelay>> {
    const delays: Record<string, LoopDelay> = {};
    for (const [name, proc] of Object.entries(this.processes)) {
      const before = proc.stderr().length;
      proc.child.kill('SIGUSR2');
      const line = await eventually(() => /event-loop-delay (\{.*\})\n/.exec(proc.stderr().slice(before))?.[1], 5_000);
      delays[name] = JSON.parse(line ?? '{"maxMs":null,"p99Ms":null,"longestBusyMs":null}') as LoopDelay;
    }
    return delays;
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
    // Signed with jose itself: signToken refuses the hostile claims this suite must send.
    return new SignJWT({ name, roles })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(typeof expiresIn === 'number' ? `${expiresIn}s` : expiresIn)
      .sign(new TextEncoder().encode(secret));
  }

  async close(): Promise<void> {
    await Promise.all(
      Object.values(this.processes).map((proc) => {
        proc.child.kill('SIGTERM');
        return proc.exited;
      }),
    );
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
