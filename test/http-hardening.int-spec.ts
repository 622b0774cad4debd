import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, Socket } from 'node:net';
import { groupsStartAtTopicEnd } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { killLeftoverServices, ServiceProcess, startServiceProcess, waitUntilReady } from './support/service-process';
import { eventually, freePort } from './support/test-env';

const REQUEST_TIMEOUT_MS = 1500;
const IDLE_TIMEOUT_MS = 1000;
// A held socket must not hold the service: health answers meanwhile within this. The freezes this catches last
// seconds; a probe's round trip while 300 sockets connect at once measured up to 750 ms on this 2-core machine
// (2026-12-03; 102 ms earlier, on a quieter day), so the bound is a second.
const PROBE_BOUND_MS = 1000;
const MAX_CONNECTIONS = 400;
const CONSOLE = 'https://console.newsroom.example';

/** A service process with short timeouts and small rate limits, so that each limit is reached in a test's time. */
async function startHardened(service: 'ingestion' | 'publication') {
  const port = await freePort();
  const groupId = `test-hardening-${service}-${randomUUID()}`;
  // From the topics' end: this suite runs after all the others, and replaying every event they sent kept the service
  // busy for the whole suite, so that the probes and sockets timed here waited on it.
  await groupsStartAtTopicEnd([groupId]);
  const proc = startServiceProcess(service, {
    HTTP_PORT: String(port),
    KAFKA_GROUP_ID: groupId,
    NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_HEADERS_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    HTTP_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    HTTP_BODY_LIMIT_BYTES: '65536',
    // Each test below poses as its own client address, so that one test's budget does not spend another's.
    HTTP_TRUST_PROXY: 'true',
    RATE_LIMIT_ANONYMOUS: '20',
    RATE_LIMIT_SIGNED_IN: '60',
    CORS_ORIGINS: CONSOLE,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/health/ready`, proc, 60_000);
  return { proc, url, port };
}

const clientAddress = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

/** Writes raw bytes on a fresh socket and collects what comes back until the server closes it. */
function rawExchange(port: number, request: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
  });
}

function parseRaw(text: string) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => line.split(/: (.*)/s)).map(([name, value]) => [name.toLowerCase(), value]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** Polls /health/live every 50 ms while `during` runs; returns the slowest answer seen. */
async function slowestProbeWhile(url: string, during: Promise<unknown>): Promise<number> {
  let done = false;
  let slowest = 0;
  let failures = 0;
  const probing = (async () => {
    while (!done) {
      const started = Date.now();
      const status = await fetch(`${url}/health/live`).then(
        (response) => response.status,
        () => 0,
      );
      if (status !== 200) failures++;
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await during;
  done = true;
  await probing;
  expect(failures).toBe(0);
  return slowest;
}

/** One client socket of a test, as the client saw it. */
interface SocketLife {
  socket: Socket;
  connected: boolean;
  /** The server's FIN arrived. */
  ended: boolean;
  closedAfterMs?: number;
}

/** What sockets that stayed open looked like, from this end and, by `ss`, from the kernel's (both ends of each). */
function describeOpen(open: SocketLife[], port: number): string {
  const ports = new Set(
    open
      .map((life) => life.socket.localPort)
      .filter(Boolean)
      .map(String),
  );
  const kernel = (() => {
    try {
      return execFileSync('ss', ['-tanH', `( sport = :${port} or dport = :${port} )`], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => [...ports].some((local) => new RegExp(`:${local}(\\s|$)`).test(line)))
        .slice(0, 10)
        .join(' | ');
    } catch (err) {
      return `ss failed: ${(err as Error).message}`;
    }
  })();
  const count = (test: (life: SocketLife) => boolean) => open.filter(test).length;
  return `${open.length}: ${count((life) => life.connected)} connected, ${count((life) => life.ended)} ended by the server; kernel: ${kernel}`;
}

const expectProblem = (reply: { status: number; headers: Headers; body: any }, status: number) => {
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(reply.status).toBe(status);
};

describe('HTTP under hostile clients', () => {
  let ingestion: { proc: ServiceProcess; url: string; port: number };
  let publication: { proc: ServiceProcess; url: string; port: number };
  let journalist: string;

  beforeAll(async () => {
    [ingestion, publication] = await Promise.all([startHardened('ingestion'), startHardened('publication')]);
    journalist = await tokenFor(`hardening-${randomUUID()}`, 'Chloé Lefèvre', ['journalist']);
  }, 90_000);

  afterAll(killLeftoverServices);

  describe('slow and idle clients', () => {
    it('answers a slowly sent body 408 problem+json and closes it after the request timeout, without a token, while health answers', async () => {
      const sending = new Promise<{ text: string; closedAfterMs: number }>((resolve, reject) => {
        const started = Date.now();
        const socket = connect(ingestion.port, '127.0.0.1', () => {
          socket.write('POST /v1/drafts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{');
        });
        // One byte every 100 ms: never idle, never finished.
        const drip = setInterval(() => socket.writable && socket.write(' '), 100);
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => {
          clearInterval(drip);
          resolve({ text, closedAfterMs: Date.now() - started });
        });
      });
      const slowest = await slowestProbeWhile(ingestion.url, sending);
      const { text, closedAfterMs } = await sending;

      const answer = parseRaw(text);
      expect(answer.status).toBe(408);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 408, title: 'Request Timeout' });
      expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1000);
      expect(slowest).toBeLessThan(PROBE_BOUND_MS);
    });

    it('closes a pile of idle sockets after the idle timeout while health answers', async () => {
      const started = Date.now();
      const lives = Array.from({ length: 300 }, () => {
        const life: SocketLife = { socket: connect(ingestion.port, '127.0.0.1'), connected: false, ended: false };
        life.socket.on('connect', () => (life.connected = true));
        life.socket.on('end', () => (life.ended = true));
        life.socket.on('error', () => undefined);
        life.socket.on('close', () => (life.closedAfterMs = Date.now() - started));
        // Read what comes, as a client does: a socket nobody reads can leave the server's FIN unseen (the kernel showed
        // the client side in CLOSE-WAIT, the service's in FIN-WAIT-2: closed by the service, never noticed here).
        life.socket.resume();
        return life;
      });
      // Bounded, so that a socket the service never closes fails here with what it looked like, not at the test's timeout.
      const settled = eventually(
        () => (lives.every((life) => life.closedAfterMs !== undefined) ? true : undefined),
        IDLE_TIMEOUT_MS + 5000,
      );
      const slowest = await slowestProbeWhile(ingestion.url, settled);
      const open = lives.filter((life) => life.closedAfterMs === undefined);
      if (open.length) process.stdout.write(`idle sockets still open: ${describeOpen(open, ingestion.port)}\n`);
      for (const { socket } of open) socket.destroy();

      expect(open.length).toBe(0);
      const times = lives.map((life) => life.closedAfterMs!);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 50);
      // The service's clock starts at its accept, which a burst of 300 connections can delay: closed within seconds of
      // the timeout, not held (measured up to 2.9 s after the first connect in a full CI run).
      expect(Math.max(...times)).toBeLessThan(IDLE_TIMEOUT_MS + 3000);
      expect(slowest).toBeLessThan(PROBE_BOUND_MS);
    });

    it('drops connections over HTTP_MAX_CONNECTIONS at once, and serves again once they are gone', async () => {
      // Each socket's life, from its handshake to its close. One dropped over the limit closes long before any idle
      // timeout could have closed it (that one waits IDLE_TIMEOUT_MS from the service's accept, after the handshake).
      const lives: { socket: Socket; connectedAt?: number; livedMs?: number }[] = [];
      for (let n = 0; n < MAX_CONNECTIONS + 50; n++) {
        const socket = connect(ingestion.port, '127.0.0.1');
        const life: (typeof lives)[number] = { socket };
        lives.push(life);
        socket.on('connect', () => (life.connectedAt = Date.now()));
        socket.on('error', () => undefined);
        socket.on('close', () => (life.livedMs = life.connectedAt === undefined ? 0 : Date.now() - life.connectedAt));
      }
      const dropped = () => lives.filter((life) => life.livedMs !== undefined && life.livedMs < IDLE_TIMEOUT_MS - 100).length;
      await eventually(() => (dropped() >= 50 ? true : undefined), 10_000);
      expect(dropped()).toBeGreaterThanOrEqual(50);

      // The clients holding the others go away; the service takes new ones again.
      for (const { socket } of lives) socket.destroy();
      const answered = await eventually(
        () =>
          fetch(`${ingestion.url}/health/live`).then(
            (response) => (response.status === 200 ? true : undefined),
            () => undefined,
          ),
        10_000,
      );
      expect(answered).toBe(true);
    });
  });

  describe('errors raised before a route runs are problem+json', () => {
    it('a URL whose percent-encoding does not decode: 400', async () => {
      expectProblem(await call('GET', `${ingestion.url}/v1/drafts/%E0%A4%A`, { token: journalist }), 400);
    });

    it('a path parameter longer than any id: 414', async () => {
      expectProblem(await call('GET', `${ingestion.url}/v1/drafts/${'a'.repeat(500)}`, { token: journalist }), 414);
    });

    it.each([
      ['headers', `GET /v1/drafts HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`],
      ['URL', `GET /v1/drafts/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ])('%s over the header size limit: 431', async (_, request) => {
      const answer = parseRaw((await rawExchange(ingestion.port, request)).text);
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
    });

    it('a body over HTTP_BODY_LIMIT_BYTES, even without a token: 413', async () => {
      expectProblem(await call('POST', `${ingestion.url}/v1/drafts`, { body: { body: 'x'.repeat(70_000) } }), 413);
    });

    it('a body that is not JSON: 415; JSON that does not parse: 400', async () => {
      const headers = { authorization: `Bearer ${journalist}` };
      const asText = await fetch(`${ingestion.url}/v1/drafts`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/plain' },
        body: 'hi',
      });
      const refused = (await asText.json()) as { detail: string };
      expect(refused.detail).toBe('The body must be application/json, not "text/plain".');
      expectProblem({ status: asText.status, headers: asText.headers, body: refused }, 415);
      const broken = await fetch(`${ingestion.url}/v1/drafts`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"headline": ',
      });
      expectProblem({ status: broken.status, headers: broken.headers, body: await broken.json() }, 400);
    });

    it('JSON nested or piled far past any request: 400 naming the body, answered before it is parsed', async () => {
      const token = await tokenFor(`nesting-${randomUUID()}`, 'Chloé Lefèvre', ['journalist']);
      const send = (text: string) =>
        fetch(`${ingestion.url}/v1/drafts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: text,
        }).then(async (response) => ({ status: response.status, headers: response.headers, body: (await response.json()) as any }));
      const deep = await send(`${'['.repeat(30_000)}${']'.repeat(30_000)}`);
      expectProblem(deep, 400);
      expect(deep.body.errors).toEqual([{ field: 'body', message: 'must not nest objects and arrays more than 32 deep' }]);
      const piled = await send(`[${Array(10_001).fill('{}').join(',')}]`);
      expectProblem(piled, 400);
      expect(piled.body.errors).toEqual([{ field: 'body', message: 'must not hold more than 10000 values' }]);
    });
  });

  describe('request ids and the log', () => {
    it('keeps a short, plain x-request-id and replaces any other with a UUID', async () => {
      const kept = await call('GET', `${ingestion.url}/health/live`, { headers: { 'x-request-id': 'desk-42.a_b:c' } });
      expect(kept.headers.get('x-request-id')).toBe('desk-42.a_b:c');
      for (const hostile of ['x'.repeat(65), 'a b', '<script>', '../../etc']) {
        const replaced = await call('GET', `${ingestion.url}/health/live`, { headers: { 'x-request-id': hostile } });
        expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
    });

    it('logs each request by its path: a token passed as ?access_token= never reaches the log', async () => {
      const token = `leak-${randomUUID()}`;
      expect((await call('GET', `${ingestion.url}/v1/drafts?access_token=${token}`)).status).toBe(401);
      const completed = () =>
        ingestion.proc
          .stdout()
          .split('\n')
          .find((line) => line.includes('"msg":"request completed"') && line.includes('"method":"GET","url":"/v1/drafts"'));
      for (let n = 0; n < 30 && !completed(); n++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(completed()).toContain('"res":{"statusCode":401}');
      expect(ingestion.proc.stdout()).not.toContain(token);
    });

    it('takes a client that gives up half-way through its body for what it is, not a failure of ours', async () => {
      const secret = `leak-${randomUUID()}`;
      // A client that gives up half-way through its body: the service logs the request that failed.
      await new Promise<void>((resolve) => {
        const socket = connect(ingestion.port, '127.0.0.1', () => {
          socket.write(
            `POST /v1/drafts?access_token=${secret} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
          );
          setTimeout(() => socket.destroy(), 100);
        });
        socket.on('close', () => resolve());
      });
      const aborted = () => ingestion.proc.stdout().includes('"msg":"request aborted"');
      for (let n = 0; n < 30 && !aborted(); n++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ingestion.proc.stdout()).not.toContain('"msg":"POST /v1/drafts failed"');
      expect(ingestion.proc.stdout()).not.toContain(secret);
    });
  });

  describe('defence in depth', () => {
    it('sends security headers on every answer, without HSTS outside production', async () => {
      for (const reply of [
        await call('GET', `${publication.url}/v1/articles`),
        await call('GET', `${ingestion.url}/v1/drafts`),
        await call('GET', `${ingestion.url}/v1/nowhere`, { token: journalist }),
      ]) {
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
        expect(reply.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
        expect(reply.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(reply.headers.get('strict-transport-security')).toBeNull();
      }
    });

    it('lets a browser call from an origin in CORS_ORIGINS, and no other', async () => {
      const preflight = (origin: string) =>
        fetch(`${ingestion.url}/v1/drafts`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight(CONSOLE);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(CONSOLE);
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      const foreign = await preflight('https://evil.example');
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const read = await call('GET', `${publication.url}/v1/articles`, { headers: { origin: 'https://evil.example' } });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('limits a reader without a token per address: 429 problem+json with Retry-After; other addresses and probes go on', async () => {
      const address = clientAddress();
      const asReader = (from: string) => call('GET', `${publication.url}/v1/articles`, { headers: { 'x-forwarded-for': from } });
      const answers = [];
      for (let n = 0; n < 21; n++) answers.push(await asReader(address));
      expect(answers.slice(0, 20).map((reply) => reply.status)).toEqual(Array(20).fill(200));
      const limited = answers[20];
      expectProblem(limited, 429);
      expect(limited.body.type).toBe('https://newsroom.example/problems/rate-limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await asReader(`198.51.100.${Math.floor(Math.random() * 250) + 1}`)).status).toBe(200);
      for (let n = 0; n < 30; n++) {
        expect((await call('GET', `${publication.url}/health/live`, { headers: { 'x-forwarded-for': address } })).status).toBe(200);
      }
    });

    it('gives a signed-in journalist a larger budget of their own, whatever address they call from', async () => {
      const someone = await tokenFor(`budget-${randomUUID()}`, 'Bruno Keller', ['journalist']);
      const statuses = [];
      for (let n = 0; n < 61; n++) {
        const from = clientAddress();
        statuses.push((await call('GET', `${ingestion.url}/v1/drafts`, { token: someone, headers: { 'x-forwarded-for': from } })).status);
      }
      expect(statuses.slice(0, 60)).toEqual(Array(60).fill(200));
      expect(statuses[60]).toBe(429);
      expect((await call('GET', `${ingestion.url}/v1/drafts`, { token: journalist })).status).toBe(200);
    });
  });
});
