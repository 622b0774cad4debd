import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:net';
import { SERVICE_NAMES, ServiceName } from '@newsroom/platform/config/service-config';
import { killLeftoverServices, startServiceProcess, waitUntilReady } from './support/service-process';
import { freePort } from './support/test-env';

const uniqueGroup = (service: string) => ({ KAFKA_GROUP_ID: `test-startup-${service}-${randomUUID()}` });

describe('a service process', () => {
  afterEach(killLeftoverServices);

  it.each(SERVICE_NAMES)('%s boots, answers its health probes, and exits 0 on SIGTERM', async (service: ServiceName) => {
    const port = await freePort();
    const proc = startServiceProcess(service, { HTTP_PORT: String(port), ...uniqueGroup(service) });
    await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, proc);

    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as { details: unknown };
    expect(ready.details).toMatchObject({
      postgres: { status: 'up' },
      kafka: { status: 'up' },
      consumer: { status: 'up', state: 'consuming' },
    });

    const stoppedAt = Date.now();
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const lines = proc
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.every((line) => line.service === service)).toBe(true);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['SIGTERM received: draining', 'stopped cleanly']));
  });

  describe('refuses to start, exiting non-zero with one line naming the setting', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'a malformed DATABASE_URL',
        { DATABASE_URL: 'not a url' },
        /^newsroom-editorial: invalid configuration: DATABASE_URL must be a postgres:/,
      ],
      [
        'an unreachable DATABASE_URL',
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/newsroom_test' },
        /^newsroom-editorial: cannot connect to PostgreSQL at DATABASE_URL \(127\.0\.0\.1:1\/newsroom_test/,
      ],
      [
        'a malformed KAFKA_BROKERS',
        { KAFKA_BROKERS: 'kafka-without-port' },
        /^newsroom-editorial: invalid configuration: KAFKA_BROKERS must be a comma-separated list of host:port/,
      ],
      [
        'an unreachable KAFKA_BROKERS',
        { KAFKA_BROKERS: '127.0.0.1:1' },
        /^newsroom-editorial: cannot use Kafka at KAFKA_BROKERS \(127\.0\.0\.1:1\)/,
      ],
      ['a malformed HTTP_PORT', { HTTP_PORT: 'eighty' }, /^newsroom-editorial: invalid configuration: HTTP_PORT /],
      [
        'production without DATABASE_URL',
        { NODE_ENV: 'production', DATABASE_URL: '' },
        /^newsroom-editorial: invalid configuration: DATABASE_URL is required/,
      ],
    ];

    it.each(cases)('%s', async (_, env, message) => {
      const proc = startServiceProcess('editorial', { ...env, ...uniqueGroup('editorial') });
      const { code } = await proc.exited;
      expect(code).toBe(1);
      const stderr = proc.stderr().trim();
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    });

    it('a taken HTTP_PORT', async () => {
      const port = await freePort();
      const squatter: Server = createServer().listen(port, '127.0.0.1');
      try {
        const proc = startServiceProcess('publication', { HTTP_PORT: String(port), ...uniqueGroup('publication') });
        expect((await proc.exited).code).toBe(1);
        expect(proc.stderr().trim()).toBe(`newsroom-publication: HTTP_PORT ${port} is already in use on 127.0.0.1`);
      } finally {
        squatter.close();
      }
    });
  });
});
