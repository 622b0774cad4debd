import { randomUUID } from 'node:crypto';
import { createEvent, DraftSubmitted, eventSource, refusedByLifecycle, StoryOrigin, storyTransition } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Principal } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Draft, DraftRevision } from '../draft.entity';
import { draftContent, DraftInput } from '../draft-input';
import { DraftView, draftView } from '../draft-view';
import { KeyedSubmission, keyedSubmission, rememberSubmission, replayedDraft } from './idempotency-key';
import { slugFor } from './slug-allocation';

export interface SubmitDraftCommand {
  author: Principal;
  input: DraftInput;
  /** False: saved as a draft, for its author to finish and submit later. */
  submit?: boolean;
  /** The web page an imported draft was read from. */
  originalUrl?: string;
  /** The wire an imported item came from. */
  origin?: StoryOrigin;
  idempotencyKey?: string;
}

export interface Submission {
  draft: DraftView;
  /** The draft an earlier request with the same Idempotency-Key and body created. */
  replayed: boolean;
}

const ATTEMPTS = 3;

export const uniqueViolation = (err: unknown, constraint: string) =>
  err instanceof QueryFailedError &&
  (err.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (err.driverError as { constraint?: string }).constraint === constraint;

/** A journalist's new draft at revision 1: straight into the editors' queue, or saved as a `draft` (`submit` false). */
export async function newDraft(
  id: string,
  author: Principal,
  input: DraftInput,
  slug: string,
  now: Date,
  { submit = true, originalUrl, origin }: Pick<SubmitDraftCommand, 'submit' | 'originalUrl' | 'origin'> = {},
): Promise<Draft> {
  const submitted = storyTransition('draft', 'submit');
  if (!submitted.allowed) throw refusedByLifecycle(submitted);
  return {
    id,
    revision: 1,
    status: submit ? submitted.status : 'draft',
    authorId: author.id,
    authorName: author.name,
    content: await draftContent(input, author, slug, origin),
    slug,
    createdAt: now,
    updatedAt: now,
    revisionSubmittedAt: now,
    originalUrl: originalUrl ?? origin?.link ?? null,
    publication: null,
  };
}

/** draft.submitted: the draft's current revision, whole, for the editors' queue. */
export function submittedEvent(draft: Draft) {
  const data = {
    storyId: draft.id,
    revision: draft.revision,
    author: { id: draft.authorId, name: draft.authorName },
    content: draft.content,
    at: draft.revisionSubmittedAt.toISOString(),
  };
  return createEvent(DraftSubmitted, eventSource('ingestion'), draft.id, data);
}

/**
 * A journalist submits a new draft; the draft, its first revision and draft.submitted commit together.
 * A draft saved for later commits without an event: nobody but its author knows of it until it is submitted.
 */
@Injectable()
export class SubmitDraft {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute({ author, input, submit = true, originalUrl, origin, idempotencyKey }: SubmitDraftCommand): Promise<Submission> {
    const keyed = idempotencyKey === undefined ? undefined : keyedSubmission(idempotencyKey, input, submit);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.submitOnce(tx, author, input, { submit, originalUrl, origin }, keyed, attempt > 1));
      } catch (err) {
        // Two drafts racing for one slug, or two requests for one key: the second looks again.
        const raced = uniqueViolation(err, 'drafts_slug_key') || uniqueViolation(err, 'idempotency_keys_pkey');
        if (!raced || attempt >= ATTEMPTS) throw err;
      }
    }
  }

  private async submitOnce(
    tx: EntityManager,
    author: Principal,
    input: DraftInput,
    options: Pick<SubmitDraftCommand, 'submit' | 'originalUrl' | 'origin'>,
    keyed: KeyedSubmission | undefined,
    lostARace: boolean,
  ): Promise<Submission> {
    const earlier = keyed && (await replayedDraft(tx, author.id, keyed));
    if (earlier) return { draft: draftView(earlier), replayed: true };
    const draft = await this.insertNew(tx, author, input, options, lostARace);
    if (keyed) await rememberSubmission(tx, author.id, keyed, draft.id);
    return { draft: draftView(draft), replayed: false };
  }

  /**
   * The new draft, its first revision and (when submitted) draft.submitted, in the caller's transaction.
   * A caller that lost a slug race (`drafts_slug_key`) tries again with `lostARace`, which takes the id-suffixed slug.
   */
  async insertNew(
    tx: EntityManager,
    author: Principal,
    input: DraftInput,
    options: Pick<SubmitDraftCommand, 'submit' | 'originalUrl' | 'origin'>,
    lostARace: boolean,
  ): Promise<Draft> {
    const id = randomUUID();
    const slug = await slugFor(input.headline, id, async (candidate) => lostARace || tx.existsBy(Draft, { slug: candidate }));
    const draft = await newDraft(id, author, input, slug, new Date(), options);
    await tx.insert(Draft, draft);
    await tx.insert(DraftRevision, { draftId: id, revision: 1, content: draft.content, createdAt: draft.createdAt });
    if (draft.status === 'submitted') await this.outbox.append(tx, submittedEvent(draft));
    return draft;
  }
}
