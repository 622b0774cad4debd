// Time to take in a 500-item wire feed, and to take it in again unchanged: pushed (the request's
// time) and polled (from the feed server's answer to the source's status saying the poll is done),
// with the 304 a conditional poll gets. Ingestion runs in this process. `npm run bench -- wire-import --items 500`
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { startServiceApp } from '@newsroom/platform';
import { frenchEntry, rssFeed } from '@newsroom/test-factories';
import { Client } from 'pg';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { call, TEST_JWT_SECRET, tokenFor } from '../test/support/newsroom-stack';
import { testConfig } from '../test/support/test-env';
import { runBench } from './bench-support';

const items = Number(process.argv[process.argv.indexOf('--items') + 1]) || 500;

async function main(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const feed = rssFeed(Array.from({ length: items }, (_, i) => frenchEntry(i, { id: `urn:bench:${run}:${i}` })));
  let answeredAt = 0;
  let conditional = true;
  const server = createServer((request, response) => {
    answeredAt = performance.now();
    if (conditional && request.headers['if-none-match'] === '"bench"') return void response.writeHead(304, { etag: '"bench"' }).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"bench"' }).end(feed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;

  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const ingestion = await startServiceApp(
    ingestionService,
    testConfig(ingestionService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, WIRE_POLL_TICK_MS: '20', LOG_LEVEL: 'warn' }),
  );
  const url = await ingestion.getUrl();
  const admin = await tokenFor('bench-admin', 'Bench Admin', ['admin']);
  const wire = await tokenFor('bench-wire', 'Bench Wire', ['wire']);
  const lines: string[] = [`feed: ${items} RSS items, ${(Buffer.byteLength(feed) / 1024).toFixed(0)} KiB`];

  // Pushed.
  const pushed = `bench-push-${run}`;
  await call('POST', `${url}/v1/wires`, { token: admin, body: { name: pushed, format: 'rss' } });
  for (const label of ['push, all new', 'push, unchanged']) {
    const started = performance.now();
    const response = await fetch(`${url}/v1/wires/${pushed}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wire}`, 'content-type': 'application/rss+xml' },
      body: feed,
    });
    const counts = (await response.json()) as { created: number; unchanged: number };
    lines.push(`${label.padEnd(28)} ${(performance.now() - started).toFixed(0).padStart(6)} ms  (${JSON.stringify(counts)})`);
  }

  // Polled: the source is polled at once, then every second.
  const polled = `bench-poll-${run}`;
  const lastPoll = async () =>
    (await db.query<{ at: Date | null }>('SELECT last_poll_at AS at FROM ingestion.wire_sources WHERE name = $1', [polled])).rows[0]?.at ??
    null;
  const pollDone = async (after: Date | null) => {
    for (;;) {
      const at = await lastPoll();
      if (at && (!after || at > after)) return performance.now() - answeredAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await call('POST', `${url}/v1/wires`, { token: admin, body: { name: polled, url: feedUrl, format: 'rss', pollSeconds: 1 } });
  lines.push(`${'poll, all new'.padEnd(28)} ${(await pollDone(null)).toFixed(0).padStart(6)} ms`);
  lines.push(`${'poll, 304 Not Modified'.padEnd(28)} ${(await pollDone(await lastPoll())).toFixed(0).padStart(6)} ms`);
  conditional = false;
  lines.push(`${'poll, unchanged (200)'.padEnd(28)} ${(await pollDone(await lastPoll())).toFixed(0).padStart(6)} ms`);
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM ingestion.wire_items WHERE source = ANY($1)', [
    [pushed, polled],
  ]);
  lines.push(`items stored: ${rows[0].n} (expected ${2 * items})`);

  process.stdout.write(`${lines.join('\n')}\n`);
  await ingestion.close();
  await db.end();
  server.closeAllConnections();
  server.close();
}

runBench(main);
