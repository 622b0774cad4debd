import { performance } from 'node:perf_hooks';
import { TEST_JWT_SECRET } from '../support/newsroom-stack';
import { ExposedRoute, routeName } from './exposed-routes';
import { htmlBodiesIn, scriptIn } from './html-safety';
import { BodyChoice, Caller, describeBody, GeneratedRequest } from './hostile-requests';
import { Fixture, PropertyStack } from './property-stack';
import { Footprint, WriteLedger } from './write-ledger';

/** A generated request made concrete: a URL, a token, a body, and what it may write. */
export interface ConcreteRequest {
  route: ExposedRoute;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  footprint: Footprint;
  labels: string[];
  describe: () => string;
}

// The services' limits (their defaults): a request over them is refused before it is read.
const BODY_LIMIT_BYTES = 1024 * 1024;
const HEADER_LIMIT_BYTES = 16 * 1024;

/**
 * A request over the body or header limit is refused at once and its connection closed, as
 * HTTP/1.1 allows; a client still sending then sees a reset instead of the answer. That is the
 * refusal, not a service failing to answer. Status 0 in the figures.
 */
function resetForItsSize(request: ConcreteRequest, failure: Error): boolean {
  const reset = /ECONNRESET|EPIPE|other side closed|socket hang up/.test(
    `${failure.message} ${(failure.cause as Error | undefined)?.message ?? ''}`,
  );
  const bodyBytes =
    request.body === undefined ? 0 : typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
  const headerBytes = Object.entries(request.headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value) + 4,
    0,
  );
  return reset && (bodyBytes > BODY_LIMIT_BYTES || headerBytes + Buffer.byteLength(request.url) > HEADER_LIMIT_BYTES);
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json?: any;
  ms: number;
}

export interface Violation {
  property: string;
  /** What tells this failure from others of the property: the framework's error code, else the route. */
  kind: string;
  route: string;
  status: number;
  inputClass: string;
  request: string;
  answer: string;
}

const UNROUTED: Omit<ExposedRoute, 'service'> = { method: 'GET', path: '/v1/no-such-route/:id', params: ['id'] };

const rolesOf: Partial<Record<Caller, ('journalist' | 'editor' | 'wire' | 'admin')[]>> = {
  journalist: ['journalist'],
  editor: ['editor'],
  wire: ['wire'],
  admin: ['admin'],
  'journalist+editor': ['journalist', 'editor'],
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Turns generated requests into concrete ones, sends them, and records what the properties say of each answer. */
export class Campaign {
  readonly violations: Violation[] = [];
  readonly perRoute = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  readonly accepted: { id: string; revision: number; request: string }[] = [];
  requests = 0;
  serverErrors = 0;
  readonly inFlight = new Map<number, { started: number; request: ConcreteRequest }>();
  private nextId = 0;

  constructor(
    private readonly stack: PropertyStack,
    private readonly ledger: WriteLedger,
  ) {}

  get routeCount(): number {
    return this.stack.routes.length;
  }

  inFlightNow = (): string[] =>
    [...this.inFlight.values()]
      .sort((a, b) => a.started - b.started)
      .slice(0, 3)
      .map(({ started, request }) => `${Math.round(performance.now() - started)} ms: ${request.describe()}`);

  async concrete(generated: GeneratedRequest, usedFixtures: Set<string>): Promise<ConcreteRequest> {
    const routed = generated.route < this.stack.routes.length;
    const route = routed
      ? this.stack.routes[generated.route]
      : { ...UNROUTED, service: ['ingestion', 'editorial', 'publication'][generated.route % 3] };
    const labels: string[] = [];
    let fixture: Fixture | undefined;
    let path = route.path;
    route.params.forEach((param, i) => {
      const choice = generated.params[i % generated.params.length];
      let segment: string;
      if (choice.kind === 'fixture') {
        const pool = this.stack.fixtures.get(choice.status) ?? [];
        const free = [...pool.keys()].map((k) => pool[(choice.index + k) % pool.length]).find((f) => !usedFixtures.has(f.id));
        if (free && !fixture) {
          fixture = free;
          usedFixtures.add(free.id);
          segment = choice.as === 'slug' ? free.slug : free.id;
          labels.push(`${param}:fixture-${free.status}${choice.as === 'slug' ? '-slug' : ''}`);
        } else {
          segment = crypto.randomUUID();
          labels.push(`${param}:random-uuid`);
        }
      } else if (choice.kind === 'random-uuid') {
        segment = crypto.randomUUID();
        labels.push(`${param}:random-uuid`);
      } else {
        segment = choice.raw;
        labels.push(`${param}:${choice.label}`);
      }
      path = path.replace(`:${param}`, segment);
    });
    const query = generated.query.value ? `?${generated.query.value}` : '';
    if (generated.query.value) labels.push(`query:${generated.query.label}`);

    const { authorization, sub } = await this.credentials(generated, fixture);
    labels.push(`caller:${generated.caller}${generated.caller === 'hostile-claims' ? `(${generated.claims.label})` : ''}`);
    const headers: Record<string, string> = { ...generated.headers.value };
    if (generated.headers.label !== 'no-headers') labels.push(`headers:${generated.headers.label}`);
    if (authorization) headers.authorization = authorization;

    const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
    const body = hasBody ? this.bodyOf(generated.body.value, headers) : undefined;
    if (hasBody) labels.push(`body:${generated.body.label}`);
    const url = `${this.stack.urls[route.service]}${path}${query}`;
    const description = () =>
      `${route.method} ${url.length > 300 ? `${url.slice(0, 300)}… (${url.length} characters)` : url} as ${generated.caller}; ` +
      `headers ${JSON.stringify(Object.fromEntries(Object.entries(generated.headers.value).map(([k, v]) => [k, v.length > 80 ? `${v.slice(0, 80)}… (${v.length})` : v])))}; ` +
      `body ${hasBody ? describeBody(generated.body.value) : 'none'}`;
    return { route, method: route.method, url, headers, body, footprint: { storyId: fixture?.id, sub }, labels, describe: description };
  }

  private bodyOf(choice: BodyChoice, headers: Record<string, string>): string | Uint8Array | undefined {
    if (choice.kind === 'none') return undefined;
    if (choice.contentType) headers['content-type'] = choice.contentType;
    return choice.kind === 'bytes' ? Uint8Array.from(choice.bytes) : choice.text;
  }

  private async credentials(generated: GeneratedRequest, fixture: Fixture | undefined): Promise<{ authorization?: string; sub?: string }> {
    const { caller } = generated;
    const bearer = (token: string) => `Bearer ${token}`;
    const roles = rolesOf[caller];
    if (roles) {
      const sub = this.stack.freshSub(caller);
      return { authorization: bearer(await this.stack.token(sub, roles)), sub };
    }
    switch (caller) {
      case 'anonymous':
        return {};
      case 'owner':
      case 'owner+editor': {
        const extra = caller === 'owner+editor' ? (['editor'] as const) : [];
        const sub = fixture?.author.sub ?? this.stack.freshSub(caller);
        return { authorization: bearer(await this.stack.token(sub, ['journalist', ...extra])), sub };
      }
      case 'claimant': {
        const sub = fixture?.claimant?.sub ?? this.stack.freshSub(caller);
        return { authorization: bearer(await this.stack.token(sub, ['editor'])), sub };
      }
      case 'expired': {
        const sub = this.stack.freshSub(caller);
        return { authorization: bearer(await this.stack.token(sub, ['journalist', 'editor'], 'x', TEST_JWT_SECRET, -60)), sub };
      }
      case 'bad-signature': {
        const sub = this.stack.freshSub(caller);
        return {
          authorization: bearer(await this.stack.token(sub, ['editor'], 'x', 'another-secret-that-is-at-least-32-characters')),
          sub,
        };
      }
      case 'alg-none': {
        const sub = this.stack.freshSub(caller);
        const claims = { sub, name: 'x', roles: ['admin', 'editor', 'journalist'], exp: Math.floor(Date.now() / 1000) + 3600 };
        return { authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, sub };
      }
      case 'garbage':
        return {
          authorization: ['Bearer', 'Bearer x.y.z', `Bearer ${'a'.repeat(8000)}`, 'Basic Zm9vOmJhcg==', 'bearer  '][generated.route % 5],
        };
      case 'hostile-claims': {
        // A token that verifies but whose subject and name are hostile: the claims must be refused or carried safely.
        // A unique tail keeps the subject hostile yet tells its writes apart from another request's carrying the same vector.
        const sub = `${generated.claims.value.sub}${this.stack.freshSub('~')}`;
        return { authorization: bearer(await this.stack.token(sub, ['journalist', 'editor'], generated.claims.value.name)), sub };
      }
    }
    return {};
  }

  async send(request: ConcreteRequest): Promise<Answer | Error> {
    const id = ++this.nextId;
    const started = performance.now();
    this.inFlight.set(id, { started, request });
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      let json: unknown;
      try {
        json = /json/.test(contentType) && text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, contentType, text, json, ms: performance.now() - started };
    } catch (err) {
      // fetch rejects with errors of Node's own realm, which are not `instanceof Error` inside Jest's sandbox.
      const failure = err as { name?: string; message?: string; cause?: unknown };
      return Object.assign(new Error(failure.message ?? String(err), { cause: failure.cause }), { name: failure.name ?? 'Error' });
    } finally {
      this.inFlight.delete(id);
      this.requests++;
      const name = routeName(request.route);
      this.perRoute.set(name, (this.perRoute.get(name) ?? 0) + 1);
    }
  }

  /** The per-answer properties: an answer, never a 5xx, errors as problem+json, no script in an HTML body. */
  judge(request: ConcreteRequest, answer: Answer | Error): Violation[] {
    const found: Violation[] = [];
    const route = routeName(request.route);
    const inputClass = request.labels.join(' ');
    const json = answer instanceof Error ? undefined : (answer.json as { code?: unknown; error?: unknown; title?: unknown } | undefined);
    // Fastify answers some errors before any route runs: one failure whatever the route, told by its code.
    const kind = typeof json?.code === 'string' ? json.code : !json?.title && typeof json?.error === 'string' ? json.error : route;
    const violation = (property: string, status: number, detail: string) =>
      found.push({ property, kind, route, status, inputClass, request: request.describe(), answer: detail });
    if (answer instanceof Error && resetForItsSize(request, answer)) {
      this.statuses.set(0, (this.statuses.get(0) ?? 0) + 1);
      return found;
    }
    if (answer instanceof Error) {
      violation(
        'answers every request',
        0,
        `${answer.name}: ${answer.message}${answer.cause ? ` (${(answer.cause as Error).message ?? JSON.stringify(answer.cause)})` : ''}`,
      );
      return found;
    }
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    const shown = `${answer.status} ${answer.contentType} in ${Math.round(answer.ms)} ms: ${answer.text.slice(0, 400)}`;
    if (answer.status >= 500) {
      this.serverErrors++;
      violation('never a 5xx', answer.status, shown);
    }
    if (answer.status >= 400) {
      const problem = answer.json as { status?: unknown; title?: unknown } | undefined;
      if (
        !answer.contentType.startsWith('application/problem+json') ||
        problem?.status !== answer.status ||
        typeof problem.title !== 'string'
      )
        violation('every error is application/problem+json', answer.status, shown);
    }
    if (answer.status < 300 && answer.json !== undefined) {
      for (const html of htmlBodiesIn(answer.json)) {
        const scripts = scriptIn(html);
        if (scripts.length)
          violation('no script in an HTML body', answer.status, `${scripts.join('; ')} in ${JSON.stringify(html.slice(0, 300))}`);
      }
    }
    // A saved draft (`submit: false`) is not the editors' to approve until its author submits it.
    const submitted = answer.json?.status === 'submitted';
    if (request.labels.some((label) => label.startsWith('body:submittable-')) && !(answer.status === 201 && submitted))
      violation('a draft every rule allows is accepted', answer.status, shown);
    if (answer.status === 201 && request.route.path === '/v1/drafts' && submitted && typeof answer.json?.id === 'string') {
      this.accepted.push({ id: answer.json.id, revision: answer.json.revision, request: request.describe() });
    }
    return found;
  }

  /** Sends a batch at once and checks every property of its answers, the refused ones' writes included. */
  async runBatch(generated: GeneratedRequest[], record = true): Promise<Violation[]> {
    const used = new Set<string>();
    const requests: ConcreteRequest[] = [];
    for (const one of generated) requests.push(await this.concrete(one, used));
    const checkable = requests.map((request) => this.ledger.checkable(request.footprint));
    const before = await this.ledger.snapshot(checkable);
    const answers = await Promise.all(requests.map((request) => this.send(request)));
    const found = requests.flatMap((request, i) => this.judge(request, answers[i]));
    const changes = await this.ledger.changes(before, checkable);
    requests.forEach((request, i) => {
      const answer = answers[i];
      const refused = answer instanceof Error || answer.status >= 400;
      if (!refused) {
        if (request.method !== 'GET') this.ledger.retire(request.footprint);
      } else if (changes[i].length) {
        found.push({
          property: 'a refused request writes nothing',
          kind: routeName(request.route),
          route: routeName(request.route),
          status: answer instanceof Error ? 0 : answer.status,
          inputClass: request.labels.join(' '),
          request: request.describe(),
          answer: changes[i].join('; '),
        });
      }
      // A refused request that wrote anyway leaves its story in motion too.
      if (refused && changes[i].length) this.ledger.retire(request.footprint);
    });
    if (record) this.violations.push(...found);
    return found;
  }
}
