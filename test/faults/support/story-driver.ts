import { randomUUID } from 'node:crypto';
import { call, Reply } from '../../support/newsroom-stack';

/** What happened to one story the driver pushed through submission and approval. */
export interface DrivenStory {
  id?: string;
  key: string;
  submittedAt?: number;
  approvedAt?: number;
  retries: number;
  outcome: 'approved' | 'failed';
  failure?: string;
}

export interface StoryDriverOptions {
  ingestionUrl: string;
  editorialUrl: string;
  journalistToken: string;
  editorToken: string;
  /** Seeded, so a failing run can be replayed with the same stories and the same start times. */
  random: () => number;
  /** Per story, from the moment it starts; default 150 s, longer than any fault a scenario injects. */
  deadlineMs?: number;
}

export interface RunOptions {
  count: number;
  spreadMs: number;
  concurrency: number;
  /** Goes into each story's tags, so a scenario's stories can be told apart in the databases and topics. */
  label: string;
  /** Approve each story for this long after its approval (an embargo) instead of at once. */
  publishAfterMs?: number;
}

// A service SIGKILLed mid-request leaves the socket open; without a timeout the story would hang on it.
const REQUEST_TIMEOUT_MS = 10_000;
const POLL_MS = 200;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 2_000;

/** The draft body `POST /v1/drafts` takes (see apps/ingestion/src/drafts/draft-input.ts). */
export interface DraftBody {
  headline: string;
  standfirst: string;
  body: string;
  language: string;
  section: string;
  tags: string[];
  byline: { name: string; bio: string };
}

/** Only the answers a restarting or overloaded service gives are worth sending again. */
const retryable = (status: number) => status >= 500 || status === 429;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length) % items.length];
}

const places = ['Marseille', 'Lyon', 'Besançon', 'Orléans', 'Saint-Étienne', 'Nîmes', 'Aix-en-Provence', 'Pontoise'];
const subjects = [
  'la réforme des retraites',
  'le budget de l’État',
  'la loi « Climat »',
  'l’hôpital public',
  'la rentrée scolaire',
  'le prix de l’énergie',
];
const speakers = ['Émilie Caron', 'Hélène Roussel', 'Jérôme Lefèvre', 'Noël Bénard', 'Zoé Müller', 'François Dupré'];
const sections = ['Politique', 'Économie', 'Société', 'Régions'];

/**
 * A French story as a journalist would file it: guillemets, curly apostrophes and accents in every
 * part, so that any mangling on the way (encoding, escaping, normalisation) shows in the census.
 */
export function frenchStory(random: () => number, index: number, label: string): DraftBody {
  const place = pick(random, places);
  const subject = pick(random, subjects);
  const speaker = pick(random, speakers);
  const share = 20 + Math.floor(random() * 70);
  return {
    // The index keeps headlines apart, so slugs rarely need a suffix and stories are easy to spot in logs.
    headline: `À ${place}, « on n’attendra plus » : les élus s’emparent de ${subject} (nº ${index + 1})`,
    standfirst: `Réunis jeudi, les conseillers ont voté à ${share} % une motion qu’aucun parti n’avait prévue.`,
    body: [
      `<p>« Nous n’avons plus le temps d’attendre », a déclaré ${speaker} à l’ouverture de la séance, à ${place}.</p>`,
      `<p>Le débat sur ${subject} a duré près de quatre heures ; l’opposition y voit « une manœuvre électorale ».</p>`,
      `<p>Ça n’a pas empêché le texte d’être adopté à ${share} %, après l’examen de <em>quarante-deux</em> amendements.</p>`,
    ].join(''),
    language: 'fr',
    section: pick(random, sections),
    tags: ['élus locaux', `fautes-${label}`],
    byline: { name: 'Alice Martin', bio: 'Journaliste politique, elle couvre les régions depuis 2019.' },
  };
}

/**
 * Pushes stories through the real HTTP API while a scenario breaks things underneath: submit as a
 * journalist, wait for the review to reach editorial over Kafka, approve as an editor. It behaves
 * as a careful client would (retries with an Idempotency-Key, checks before re-approving), so
 * whatever goes missing afterwards is the system's doing, not the driver's.
 */
export class StoryDriver {
  private readonly deadlineMs: number;

  constructor(private readonly opts: StoryDriverOptions) {
    this.deadlineMs = opts.deadlineMs ?? 150_000;
  }

  async run({ count, spreadMs, concurrency, label, publishAfterMs }: RunOptions): Promise<DrivenStory[]> {
    // All randomness is drawn up front, in one order, so a seed gives the same run however requests interleave.
    const plans = Array.from({ length: count }, (_, index) => ({
      offsetMs: ((index + this.opts.random()) * spreadMs) / Math.max(count, 1),
      body: frenchStory(this.opts.random, index, label),
      key: randomUUID(),
    }));
    const began = Date.now();
    const slots = new Slots(Math.max(1, concurrency));
    return Promise.all(
      plans.map(async (plan) => {
        // Counted from the planned start, not from a free slot: a broken service ends the run in one deadline, not one per slot-full of stories.
        const deadline = began + plan.offsetMs + this.deadlineMs;
        await sleep(began + plan.offsetMs - Date.now());
        await slots.take();
        try {
          return await this.drive(plan.key, plan.body, deadline, publishAfterMs);
        } finally {
          slots.give();
        }
      }),
    );
  }

  /** One story, never throwing: whatever goes wrong ends up in `failure`. */
  private async drive(key: string, body: DraftBody, deadline: number, publishAfterMs?: number): Promise<DrivenStory> {
    const story: DrivenStory = { key, retries: 0, outcome: 'failed' };
    try {
      if (Date.now() >= deadline) throw new Error(`deadline of ${this.deadlineMs} ms passed while waiting for a free slot`);
      const submitted = await this.submit(story, body, deadline);
      story.id = submitted.id;
      story.submittedAt = Date.now();
      const revision = await this.awaitReview(story.id, deadline);
      story.approvedAt = await this.approve(story, story.id, revision, deadline, publishAfterMs);
      story.outcome = 'approved';
    } catch (err) {
      story.failure = (err as Error).message;
    }
    return story;
  }

  private async submit(story: DrivenStory, body: DraftBody, deadline: number): Promise<{ id: string }> {
    const url = `${this.opts.ingestionUrl}/v1/drafts`;
    // The same key and the same body on every attempt: a retry after a lost 201 replays that draft.
    const headers = { 'idempotency-key': story.key };
    for (let attempt = 0, backoff = FIRST_BACKOFF_MS; ; attempt++, backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      if (attempt > 0) story.retries++;
      const reply = await attemptRequest('POST', url, this.opts.journalistToken, body, headers);
      const created = reply?.status === 201 || reply?.status === 200;
      if (reply && created && typeof reply.body?.id === 'string') return { id: reply.body.id };
      // A 201 whose body was cut off is retried too: the key makes the retry a replay of the same draft.
      if (reply && !created && !retryable(reply.status)) throw new Error(`submit: HTTP ${reply.status} ${describe(reply)}`);
      await this.pause(backoff, deadline, `submit: ${reply ? `HTTP ${reply.status}` : 'no answer'}`);
    }
  }

  /** Waits until editorial has heard of the draft (draft.submitted over Kafka) and returns its revision. */
  private async awaitReview(id: string, deadline: number): Promise<number> {
    const url = `${this.opts.editorialUrl}/v1/reviews/${id}`;
    for (;;) {
      const reply = await attemptRequest('GET', url, this.opts.editorToken);
      if (reply?.status === 200 && Number.isInteger(reply.body?.revision)) return reply.body.revision;
      // 404 is the normal answer until the event arrives; anything else but an outage is a real refusal.
      if (reply && reply.status !== 404 && reply.status !== 200 && !retryable(reply.status)) {
        throw new Error(`review: HTTP ${reply.status} ${describe(reply)}`);
      }
      await this.pause(POLL_MS, deadline, `review never reached editorial (last: ${reply ? `HTTP ${reply.status}` : 'no answer'})`);
    }
  }

  /** Approves and returns when the approval took effect, by the server's clock where it says. */
  private async approve(story: DrivenStory, id: string, firstRevision: number, deadline: number, publishAfterMs?: number): Promise<number> {
    const url = `${this.opts.editorialUrl}/v1/reviews/${id}`;
    let revision = firstRevision;
    const plannedAt = publishAfterMs === undefined ? undefined : Date.now() + publishAfterMs;
    for (let attempt = 0, backoff = FIRST_BACKOFF_MS; ; attempt++, backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      if (attempt > 0) story.retries++;
      const sentAt = Date.now();
      // A retry after the planned time has passed asks for a time still ahead: the past is refused.
      const publishAt = plannedAt === undefined ? undefined : new Date(Math.max(plannedAt, Date.now() + 1000)).toISOString();
      const reply = await attemptRequest('POST', `${url}/approve`, this.opts.editorToken, {
        revision,
        note: 'Bon pour diffusion, après relecture.',
        ...(publishAt && { publishAt }),
      });
      if (reply?.status === 200) return approvalTime(reply.body) ?? sentAt;
      if (reply && reply.status !== 409 && !retryable(reply.status)) throw new Error(`approve: HTTP ${reply.status} ${describe(reply)}`);
      if (reply?.status === 409) {
        // A 409 after a lost answer means our own earlier approval went through; only the review can tell.
        const current = await attemptRequest('GET', url, this.opts.editorToken);
        if (current?.status === 200 && isApproved(current.body)) return approvalTime(current.body) ?? sentAt;
        if (current?.status === 200 && Number.isInteger(current.body?.revision)) revision = current.body.revision;
      }
      await this.pause(backoff, deadline, `approve: ${reply ? `HTTP ${reply.status} ${describe(reply)}` : 'no answer'}`);
    }
  }

  /** Waits before the next attempt, or gives the story up when the wait would pass its deadline. */
  private async pause(ms: number, deadline: number, lastProblem: string): Promise<void> {
    if (Date.now() + ms > deadline) throw new Error(`deadline of ${this.deadlineMs} ms passed; ${lastProblem}`);
    await sleep(ms);
  }
}

/**
 * One HTTP call with a timeout; undefined when no whole answer came (refused, reset, timed out, or
 * a body cut off by a dying process): all of which a careful client retries.
 */
async function attemptRequest(
  method: string,
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply | undefined> {
  try {
    return await call(method, url, { token, body, headers, timeoutMs: REQUEST_TIMEOUT_MS });
  } catch {
    return undefined;
  }
}

function isApproved(review: any): boolean {
  return review?.status === 'approved' || review?.status === 'published';
}

/** The approval's time from the decision history the review reports. */
function approvalTime(review: any): number | undefined {
  const history: any[] = Array.isArray(review?.history) ? review.history : [];
  const decision = history.filter((entry) => entry?.decision === 'approved').pop();
  const at = decision ? Date.parse(decision.at) : NaN;
  return Number.isNaN(at) ? undefined : at;
}

/** A problem+json answer in one line, for the failure reason. */
function describe(reply: Reply): string {
  const body = reply.body;
  if (body && typeof body === 'object') return [body.type, body.detail].filter(Boolean).join(': ');
  return String(body ?? '').slice(0, 200);
}

/** At most `size` stories in flight, the rest queued in start order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
