import { ListenedClient } from '@newsroom/platform/database/data-source-options';
import { Client } from 'pg';

/*
 * A connection whose backend is terminated while nobody holds it through a query (between a pool's
 * hand-over and TypeORM's listener, in practice) must fail the next query, not the process: an
 * 'error' event without a listener is thrown by Node and stopped a whole service in the fault suite.
 */
describe(ListenedClient.name, () => {
  const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/newsroom_test';

  async function terminateBackendOf(victim: Client): Promise<void> {
    const [{ pid }] = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const admin = new Client({ connectionString });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
  }

  it('outlives its backend being terminated while idle: the next query is refused, nothing is thrown', async () => {
    const sut = new ListenedClient({ connectionString });
    await sut.connect();
    const ended = new Promise<void>((resolve) => sut.once('end', resolve));
    await terminateBackendOf(sut);
    await ended;
    await expect(sut.query('SELECT 1')).rejects.toThrow(/not queryable|Connection terminated/);
  });

  it('is what a plain client is not: one with no listener of its own throws the FATAL it receives', async () => {
    const plain = new Client({ connectionString });
    await plain.connect();
    const thrown = new Promise<Error>((resolve) => {
      // What Node does with an 'error' nobody listens to, short of crashing the test process.
      const original = plain.emit.bind(plain);
      plain.emit = ((event: string, ...args: unknown[]) => {
        if (event === 'error' && plain.listenerCount('error') === 0) {
          resolve(args[0] as Error);
          return true;
        }
        return original(event, ...args);
      }) as typeof plain.emit;
    });
    await terminateBackendOf(plain);
    await expect(thrown).resolves.toMatchObject({ code: '57P01' });
  });
});
