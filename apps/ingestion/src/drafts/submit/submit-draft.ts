import { randomUUID } from 'node:crypto';
import { createEvent, DraftSubmitted, refusedByLifecycle, storyTransition } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Principal } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { INGESTION_SOURCE } from '../../event-source';
import { Draft, DraftRevision } from '../draft.entity';
import { draftContent, DraftInput } from '../draft-input';
import { DraftView, draftView } from '../draft-view';
import { KeyedSubmission, keyedSubmission, rememberSubmission, replayedDraft } from './idempotency-key';
import { slugFor } from './slug-allocation';

export interface SubmitDraftCommand {
  author: Principal;
  input: DraftInput;
  idempotencyKey?: string;
}

export interface Submission {
  draft: DraftView;
  /** The draft an earlier request with the same Idempotency-Key and body created. */
  replayed: boolean;
}

const ATTEMPTS = 3;

const uniqueViolation = (err: unknown, constraint: string) =>
  err instanceof QueryFailedError &&
  (err.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (err.driverError as { constraint?: string }).constraint === constraint;

/** A journalist's new draft at revision 1, straight into the editors' queue. */
export async function newDraft(id: string, author: Principal, input: DraftInput, slug: string, now: Date): Promise<Draft> {
  // A typed draft goes straight to the queue; saved and imported drafts will start at 'draft'.
  const submitted = storyTransition('draft', 'submit');
  if (!submitted.allowed) throw refusedByLifecycle(submitted);
  return {
    id,
    revision: 1,
    status: submitted.status,
    authorId: author.id,
    authorName: author.name,
    content: await draftContent(input, author, slug),
    slug,
    createdAt: now,
    updatedAt: now,
    revisionSubmittedAt: now,
    publication: null,
  };
}

/** A journalist submits a new draft; the draft, its first revision and draft.submitted commit together. */
@Injectable()
export class SubmitDraft {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute({ author, input, idempotencyKey }: SubmitDraftCommand): Promise<Submission> {
    const keyed = idempotencyKey === undefined ? undefined : keyedSubmission(idempotencyKey, input);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.submitOnce(tx, author, input, keyed, attempt > 1));
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
    keyed: KeyedSubmission | undefined,
    lostARace: boolean,
  ): Promise<Submission> {
    const earlier = keyed && (await replayedDraft(tx, author.id, keyed));
    if (earlier) return { draft: draftView(earlier), replayed: true };
    const id = randomUUID();
    const slug = await slugFor(input.headline, id, async (candidate) => lostARace || tx.existsBy(Draft, { slug: candidate }));
    const draft = await newDraft(id, author, input, slug, new Date());
    await tx.insert(Draft, draft);
    await tx.insert(DraftRevision, { draftId: id, revision: 1, content: draft.content, createdAt: draft.createdAt });
    if (keyed) await rememberSubmission(tx, author.id, keyed, id);
    const data = {
      storyId: id,
      revision: 1,
      author: { id: author.id, name: author.name },
      content: draft.content,
      at: draft.createdAt.toISOString(),
    };
    await this.outbox.append(tx, createEvent(DraftSubmitted, INGESTION_SOURCE, id, data));
    return { draft: draftView(draft), replayed: false };
  }
}
