import {
  ArticleAction,
  ArticleCorrected,
  ArticleKilled,
  ArticlePublished,
  ArticleRepublished,
  ArticleScheduled,
  ArticleStatus,
  articleTransition,
  ArticleUnpublished,
  ArticleUpdated,
  articleUri,
  EventContract,
  NINJS_SCHEMA_URI,
  NinjsDocument,
  NinjsKilledDocument,
  Person,
  Refusal,
  refusedByLifecycle,
  StoryContent,
  StoryLimits,
  toNinjsArticle,
} from '@newsroom/contracts';

/** Where a story's article stands, as the lifecycle needs it: plain data, times in ISO 8601. */
export interface ArticleState {
  storyId: string;
  slug: string;
  status: ArticleStatus | null;
  /** The current version, or the coming one while scheduled before its first release. */
  version: number;
  /** The approved revision behind the current version. */
  revision: number | null;
  content: StoryContent | null;
  author: Person | null;
  submittedAt: string | null;
  firstCreated: string | null;
  versionCreated: string | null;
  publishAt: string | null;
  /** When it was first public; null while it never was. */
  publishedAt: string | null;
  /** Public correction notes, newest first. */
  corrections: string[];
  /** Why it is unpublished or killed. */
  reason: string | null;
}

/** An approved revision, as review.approved carries it. */
export interface ApprovedRevision {
  revision: number;
  content: StoryContent;
  author: Person;
  submittedAt: string;
}

export type CorrectedText = Partial<Pick<StoryContent, 'headline' | 'standfirst' | 'body' | 'wordCount'>>;

export type ArticleCommand =
  | { action: 'publish'; approved: ApprovedRevision }
  | { action: 'schedule'; publishAt: string; approved?: ApprovedRevision }
  | { action: 'cancelSchedule' }
  | { action: 'release' }
  | { action: 'update'; approved: ApprovedRevision }
  | { action: 'correct'; changes: CorrectedText; note: string }
  | { action: 'unpublish'; reason: string }
  | { action: 'republish' }
  | { action: 'kill'; reason: string };

type AnyDocument = NinjsDocument | NinjsKilledDocument;

/** What one action does: the state after it, the event that tells the world, and what is kept. */
export interface ArticleStep {
  state: ArticleState;
  event: { contract: EventContract<AnyDocument>; document: AnyDocument };
  /** A new usable version, kept in the article's versions. */
  newVersion?: { number: number; action: ArticleAction; document: NinjsDocument };
  /** The latest public document for the compacted topic; null is a tombstone; absent, nothing changes there. */
  latest?: NinjsDocument | null;
  /** The article's content goes from the store and its versions: a kill. */
  purge?: true;
  /** The reason or note the action records. */
  why: string | null;
}

/** An article that does not exist yet: what `publish` and `schedule` start from. */
export function newArticle(storyId: string, slug: string): ArticleState {
  return {
    storyId,
    slug,
    status: null,
    version: 1,
    revision: null,
    content: null,
    author: null,
    submittedAt: null,
    firstCreated: null,
    versionCreated: null,
    publishAt: null,
    publishedAt: null,
    corrections: [],
    reason: null,
  };
}

/** The article's document in its usable form, for the state as it is. */
export function usableDocument(state: ArticleState): NinjsDocument {
  const { content, author, submittedAt, firstCreated, versionCreated } = state;
  if (!content || !author || !submittedAt || !firstCreated || !versionCreated) {
    throw new Error(`article ${state.storyId} has no content to make a document from`);
  }
  return toNinjsArticle({
    storyId: state.storyId,
    number: state.version,
    content: { ...content, slug: state.slug },
    author,
    submittedAt,
    firstCreated,
    versionCreated,
    corrections: state.corrections,
  });
}

function withApproved(state: ArticleState, approved: ApprovedRevision): ArticleState {
  return { ...state, revision: approved.revision, content: approved.content, author: approved.author, submittedAt: approved.submittedAt };
}

/** A usable version made now: the state moves to it, the versions keep it, the latest topic gets it. */
function goesLive(
  state: ArticleState,
  action: ArticleAction,
  contract: EventContract<AnyDocument>,
  at: string,
  why: string | null = null,
): ArticleStep {
  const live: ArticleState = {
    ...state,
    status: 'published',
    firstCreated: state.firstCreated ?? at,
    versionCreated: at,
    publishAt: null,
    publishedAt: state.publishedAt ?? at,
    reason: null,
  };
  const document = usableDocument(live);
  return { state: live, event: { contract, document }, newVersion: { number: live.version, action, document }, latest: document, why };
}

/** The next version's number: a first release keeps the number it was scheduled under. */
const next = (state: ArticleState) => (state.publishedAt ? state.version + 1 : state.version);

function tooManyCorrections(): Refusal {
  return new Refusal(
    'too-many-corrections',
    'unprocessable',
    'The article cannot take another correction',
    `an article carries at most ${StoryLimits.corrections} corrections, and every note stays public: unpublish it and publish a new story instead`,
  );
}

/**
 * The publishing lifecycle, one step: the article as it is and what is asked, to the article after
 * it and the event that says so; or a refusal naming the status it is in. `at` is now (ISO 8601),
 * `by` who asks. Pure: storing and sending are the caller's.
 */
export function articleStep(state: ArticleState, command: ArticleCommand, at: string): ArticleStep | Refusal {
  const transition = articleTransition(state.status, command.action);
  if (!transition.allowed) return refusedByLifecycle(transition);

  switch (command.action) {
    case 'publish':
      return goesLive(withApproved(state, command.approved), 'publish', ArticlePublished, at);

    case 'schedule': {
      const base = command.approved ? withApproved(state, command.approved) : state;
      const scheduled: ArticleState = {
        ...base,
        status: 'scheduled',
        version: state.status === 'unpublished' ? next(state) : state.version,
        firstCreated: base.firstCreated ?? at,
        versionCreated: state.status === 'scheduled' && !command.approved ? base.versionCreated : at,
        publishAt: command.publishAt,
        reason: null,
      };
      const document: NinjsDocument = { ...usableDocument(scheduled), pubStatus: 'withheld', embargoedUntil: command.publishAt };
      return { state: scheduled, event: { contract: ArticleScheduled, document }, why: null };
    }

    case 'release': {
      const first = !state.publishedAt;
      return goesLive(state, 'release', first ? ArticlePublished : ArticleRepublished, at);
    }

    case 'cancelSchedule': {
      // The embargoed version was never public: partners who prepared it are told to drop it.
      const withheld: ArticleState = { ...state, status: 'unpublished', publishAt: null, reason: 'schedule cancelled' };
      const document: NinjsDocument = { ...usableDocument(withheld), pubStatus: 'canceled', edNote: 'schedule cancelled' };
      return { state: withheld, event: { contract: ArticleUnpublished, document }, why: null };
    }

    case 'update':
      return goesLive({ ...withApproved(state, command.approved), version: state.version + 1 }, 'update', ArticleUpdated, at);

    case 'correct': {
      if (state.corrections.length >= StoryLimits.corrections) return tooManyCorrections();
      const corrected: ArticleState = {
        ...state,
        version: state.version + 1,
        content: { ...state.content!, ...command.changes },
        corrections: [command.note, ...state.corrections],
      };
      return goesLive(corrected, 'correct', ArticleCorrected, at, command.note);
    }

    case 'unpublish': {
      const withdrawn: ArticleState = { ...state, status: 'unpublished', reason: command.reason };
      const document: NinjsDocument = { ...usableDocument(withdrawn), pubStatus: 'canceled', edNote: command.reason };
      return { state: withdrawn, event: { contract: ArticleUnpublished, document }, latest: null, why: command.reason };
    }

    case 'republish': {
      const first = !state.publishedAt;
      return goesLive({ ...state, version: next(state) }, 'republish', first ? ArticlePublished : ArticleRepublished, at);
    }

    case 'kill': {
      const killed: ArticleState = {
        ...state,
        status: 'killed',
        content: null,
        author: null,
        submittedAt: null,
        publishAt: null,
        corrections: [],
        versionCreated: at,
        reason: command.reason,
      };
      const document: NinjsKilledDocument = {
        uri: articleUri(state.storyId),
        standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
        version: String(state.version),
        versionCreated: at,
        pubStatus: 'canceled',
        edNote: command.reason,
      };
      return { state: killed, event: { contract: ArticleKilled, document }, latest: null, purge: true, why: command.reason };
    }
  }
}
