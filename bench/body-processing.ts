// What ingestion does to a draft before it answers (validate, sanitise, count words, slug, size every event),
// timed for bodies of growing size up to the cap, for ordinary and hostile shapes. Needs nothing running.
// Each cell is the time the draft took, then how much of it the event loop was busy (the rest ran on a text thread).
// `npm run bench -- body-processing [--runs 5]`
import { performance } from 'node:perf_hooks';
import { stopStoryText, storyTextPool } from '@newsroom/content';
import { slugFromHeadline, StoryLimits } from '@newsroom/contracts';
import { draftContent, DraftInput } from '../apps/ingestion/src/drafts/draft-input';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const author = { id: 'bench-journalist', name: 'Élodie Lefèvre', roles: ['journalist' as const] };
const headline = 'Retraites : qu’a vraiment promis le gouvernement ?';

const repeatTo = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
/** Bodies of `size` code points (UTF-16 units here, every unit below being one code point or a pair counted as two). */
const shapes: Record<string, (size: number) => string> = {
  'French prose in paragraphs': (size) =>
    repeatTo('<p>«\u00a0Nous ne reculerons pas\u00a0», a lancé la Première ministre, devant 1\u202f500 élus & leurs équipes.</p>\n', size),
  'one paragraph, no markup': (size) => repeatTo('L’été sera chaud à Saint-Étienne, dit-il. ', size),
  'ampersands (each one 5 bytes once sanitised)': (size) => '<p>' + repeatTo('R&D ', size - 3),
  'ampersands, one word (413 at the cap)': (size) => '<p>' + repeatTo('&', size - 7) + ' mot',
  'tags nested 50 deep, repeated': (size) =>
    repeatTo('<b>'.repeat(50) + 'mot' + '</b>'.repeat(50) + '<i>'.repeat(50) + '</i>'.repeat(50), size),
  'unclosed tags, then stray closers': (size) => repeatTo('<b>x', size / 2) + repeatTo('</i>', size / 2),
  '30 mixed combining marks per letter': (size) => repeatTo('a' + '\u0316\u0301'.repeat(15) + ' ', size),
  'one pile of combining marks (refused)': (size) => 'a' + repeatTo('\u0301', size / 2) + repeatTo('\u0316', size / 2 - 1),
  'Thai without spaces': (size) => repeatTo('สวัสดีครับประเทศไทย', size),
};

async function timeOnce(body: string): Promise<{ ms: number; loopMs: number; outcome: string }> {
  const loopBefore = performance.eventLoopUtilization();
  const started = performance.now();
  let outcome: string;
  const parsed = await DraftInput.safeParse({ headline, body, language: 'fr' });
  if (!parsed.success) {
    outcome = `400 ${parsed.error.issues[0]?.message ?? ''}`;
  } else {
    try {
      const content = await draftContent(parsed.data, author, slugFromHeadline(parsed.data.headline));
      outcome = `ok, ${content.wordCount} words`;
    } catch (err) {
      outcome = `${(err as { getStatus?: () => number }).getStatus?.() ?? 'error'} ${(err as Error).name}`;
    }
  }
  return { ms: performance.now() - started, loopMs: performance.eventLoopUtilization(loopBefore).active, outcome };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const sizes = [12_500, 25_000, 50_000, 100_000, StoryLimits.body];
const { threads, queue } = storyTextPool().size;
console.log(
  `Validating, sanitising, counting, slugging and sizing one draft: total / event loop busy (median of ${runs} runs, node ${process.version}, ${threads} text thread(s), queue ${queue})`,
);
console.log(`${'body'.padEnd(40)}${sizes.map((size) => `${size}`.padStart(18)).join('')}  outcome at the cap`);
void (async () => {
  for (const [name, shape] of Object.entries(shapes)) {
    let outcome = '';
    const cells: string[] = [];
    for (const size of sizes) {
      const body = shape(size);
      await timeOnce(body); // warm-up: the first call compiles the parser's paths
      const times: number[] = [];
      const loop: number[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await timeOnce(body);
        times.push(result.ms);
        loop.push(result.loopMs);
        outcome = result.outcome;
      }
      cells.push(`${median(times).toFixed(1)} / ${median(loop).toFixed(1)} ms`.padStart(18));
    }
    console.log(`${name.padEnd(40)}${cells.join('')}  ${outcome.slice(0, 60)}`);
  }
  await stopStoryText();
})();
