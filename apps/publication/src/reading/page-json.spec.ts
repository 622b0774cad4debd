import { text } from 'node:stream/consumers';
import { pageJson } from './page-json';

describe(pageJson.name, () => {
  it('writes the same JSON as one JSON.stringify, texts byte for byte', async () => {
    const items = [{ headline: 'L’« été » à Besançon\u00a0: 38\u00a0°C', body: '<p>"quoted" \\ \u2028</p>' }, { n: 2 }, { n: 3 }];
    const written = await text(pageJson(items, 'WyIyMDI2Il0'));
    expect(written).toBe(JSON.stringify({ items, nextCursor: 'WyIyMDI2Il0' }));
  });

  it('writes an empty last page', async () => {
    expect(await text(pageJson([], null))).toBe('{"items":[],"nextCursor":null}');
  });

  it('writes each item in a turn of the event loop of its own, other work running between them', async () => {
    const stream = pageJson([{ n: 1 }, { n: 2 }, { n: 3 }], null);
    // Other work: a callback that runs once a turn, as long as the page is being written.
    let turns = 0;
    let writing = true;
    const otherWork = () => {
      turns++;
      if (writing) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    const seenAt: number[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"n"')) seenAt.push(turns);
    });
    await new Promise((resolve) => stream.once('end', resolve));
    writing = false;
    expect(seenAt).toHaveLength(3);
    expect(new Set(seenAt).size).toBe(3);
  });
});
