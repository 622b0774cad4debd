import { createHash, randomUUID } from 'node:crypto';
import {
  createEvent,
  DraftRevised,
  DraftSubmitted,
  DraftWithdrawn,
  slugFromHeadline,
  StoryAction,
  StoryStatus,
  storyTransition,
  withSuffix,
} from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Page, PageCursor, Principal, ProblemException, toPage } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import { Draft, DraftFeedback, DraftRevision, IdempotencyKey } from './draft.entity';
import { draftContent, DraftInput } from './draft-input';
import { DraftView, draftView } from './draft-view';

export const SOURCE = '/newsroom/ingestion';

const uniqueViolation = (err: unknown, constraint: string) =>
  err instanceof QueryFailedError &&
  (err.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (err.driverError as { constraint?: string }).constraint === constraint;

export interface DraftListQuery {
  status?: StoryStatus;
  limit: number;
  cursor?: PageCursor;
}

/** What journalists do with their drafts: submit, revise, withdraw, read. Every change and its event commit together. */
@Injectable()
export class DraftDesk {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async submit(author: Principal, input: DraftInput, idempotencyKey?: string): Promise<{ draft: DraftView; replayed: boolean }> {
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.submitOnce(tx, author, input, idempotencyKey, requestHash, attempt > 0));
      } catch (err) {
        // Two drafts racing for one slug, or two requests for one key: the second looks again.
        const retry = uniqueViolation(err, 'drafts_slug_key') || uniqueViolation(err, 'idempotency_keys_pkey');
        if (!retry || attempt >= 2) throw err;
      }
    }
  }

  private async submitOnce(
    tx: EntityManager,
    author: Principal,
    input: DraftInput,
    idempotencyKey: string | undefined,
    requestHash: string,
    slugTaken: boolean,
  ): Promise<{ draft: DraftView; replayed: boolean }> {
    if (idempotencyKey) {
      const earlier = await tx.findOneBy(IdempotencyKey, { authorId: author.id, key: idempotencyKey });
      if (earlier) {
        if (earlier.requestHash !== requestHash) {
          throw new ProblemException({
            status: 422,
            type: 'idempotency-key-reused',
            title: 'Idempotency-Key already used for another request',
            detail: `Idempotency-Key "${idempotencyKey}" was first used with a different body; send a new key for a new draft`,
          });
        }
        return { draft: draftView(await tx.findOneByOrFail(Draft, { id: earlier.draftId })), replayed: true };
      }
    }
    const id = randomUUID();
    const now = new Date();
    const slug = await this.freeSlug(tx, slugFromHeadline(input.headline), id, slugTaken);
    const content = draftContent(input, author, slug);
    const draft = tx.create(Draft, {
      id,
      revision: 1,
      status: 'submitted',
      authorId: author.id,
      authorName: author.name,
      content,
      slug,
      createdAt: now,
      updatedAt: now,
      revisionSubmittedAt: now,
    });
    await tx.insert(Draft, draft);
    await tx.insert(DraftRevision, { draftId: id, revision: 1, content, createdAt: now });
    if (idempotencyKey) await tx.insert(IdempotencyKey, { authorId: author.id, key: idempotencyKey, requestHash, draftId: id });
    const data = { storyId: id, revision: 1, author: { id: author.id, name: author.name }, content, at: now.toISOString() };
    await this.outbox.append(tx, createEvent(DraftSubmitted, SOURCE, id, data));
    return { draft: draftView(draft), replayed: false };
  }

  private async freeSlug(tx: EntityManager, base: string, id: string, taken: boolean): Promise<string> {
    if (!taken && !(await tx.existsBy(Draft, { slug: base }))) return base;
    return withSuffix(base, id.slice(0, 8));
  }

  async revise(author: Principal, id: string, expectedRevision: number, input: DraftInput): Promise<DraftView> {
    return this.db.transaction(async (tx) => {
      const draft = await this.lockOwnDraft(tx, author, id, 'revise');
      if (draft.revision !== expectedRevision) {
        throw new ProblemException({
          status: 409,
          type: 'stale-revision',
          title: 'The draft has changed since you read it',
          detail: `If-Match names revision ${expectedRevision}, but the draft is at revision ${draft.revision}`,
          extensions: { currentRevision: draft.revision },
        });
      }
      const now = new Date();
      draft.revision += 1;
      draft.status = this.next(draft, 'revise');
      draft.content = draftContent(input, author, draft.slug);
      draft.updatedAt = now;
      draft.revisionSubmittedAt = now;
      await tx.save(draft);
      await tx.insert(DraftRevision, { draftId: id, revision: draft.revision, content: draft.content, createdAt: now });
      const data = {
        storyId: id,
        revision: draft.revision,
        author: { id: author.id, name: author.name },
        content: draft.content,
        at: now.toISOString(),
      };
      await this.outbox.append(tx, createEvent(DraftRevised, SOURCE, id, data));
      return draftView(draft, await this.feedbackOf(tx, id));
    });
  }

  async withdraw(author: Principal, id: string): Promise<DraftView> {
    return this.db.transaction(async (tx) => {
      const draft = await this.lockOwnDraft(tx, author, id, 'withdraw');
      draft.status = this.next(draft, 'withdraw');
      draft.updatedAt = new Date();
      await tx.save(draft);
      const data = { storyId: id, revision: draft.revision, by: { id: author.id, name: author.name }, at: draft.updatedAt.toISOString() };
      await this.outbox.append(tx, createEvent(DraftWithdrawn, SOURCE, id, data));
      return draftView(draft, await this.feedbackOf(tx, id));
    });
  }

  async read(reader: Principal, id: string): Promise<DraftView> {
    const draft = await this.db.manager.findOneBy(Draft, { id });
    if (!draft) throw notFound(id);
    if (draft.authorId !== reader.id && !reader.roles.includes('editor')) {
      throw new ProblemException({ status: 403, detail: 'only the author of a draft and editors may read it' });
    }
    return draftView(draft, await this.feedbackOf(this.db.manager, id));
  }

  /** Newest first; journalists see their own drafts, editors everyone's. */
  async list(reader: Principal, query: DraftListQuery): Promise<Page<DraftView>> {
    const rows = this.db.manager.createQueryBuilder(Draft, 'draft').orderBy('draft.created_at', 'DESC').addOrderBy('draft.id', 'DESC');
    if (!reader.roles.includes('editor')) rows.andWhere('draft.author_id = :author', { author: reader.id });
    if (query.status) rows.andWhere('draft.status = :status', { status: query.status });
    if (query.cursor) rows.andWhere('(draft.created_at, draft.id) < (:at, :id)', query.cursor);
    const drafts = await rows.limit(query.limit + 1).getMany();
    return toPage(
      drafts,
      query.limit,
      (draft) => ({ at: draft.createdAt.toISOString(), id: draft.id }),
      (draft) => draftView(draft),
    );
  }

  private async lockOwnDraft(tx: EntityManager, author: Principal, id: string, action: StoryAction): Promise<Draft> {
    const draft = await tx.findOne(Draft, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!draft) throw notFound(id);
    if (draft.authorId !== author.id) {
      throw new ProblemException({ status: 403, detail: `only the author of a draft may ${action} it` });
    }
    return draft;
  }

  private next(draft: Draft, action: StoryAction): StoryStatus {
    const transition = storyTransition(draft.status, action);
    if (!transition.allowed) {
      throw new ProblemException({
        status: 409,
        type: 'story-state',
        title: 'Not possible in the story’s current state',
        detail: transition.reason,
        extensions: { storyStatus: draft.status },
      });
    }
    return transition.status;
  }

  private feedbackOf(db: EntityManager, id: string): Promise<DraftFeedback[]> {
    return db.find(DraftFeedback, { where: { draftId: id }, order: { id: 'ASC' } });
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException({ status: 404, detail: `no draft ${id}` });
}
