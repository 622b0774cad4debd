import { StoryTooLarge } from '@newsroom/content';
import { ArticleAction, createEvent, eventSource, MAX_EVENT_BYTES, Person, Topics } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { EntityManager } from 'typeorm';
import { Article, ArticleActionRow, ArticleVersionRow } from '../articles/article.entity';
import { ArticleState, ArticleStep } from './article-step';
import { purgeDeliveredWebhooks, queueWebhookDeliveries } from '../webhooks/webhook-queue';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The article with its row locked for the rest of the transaction, or null when there is none. */
export async function lockedArticle(tx: EntityManager, storyId: string): Promise<{ row: Article; state: ArticleState } | null> {
  const row = await tx.findOne(Article, { where: { id: storyId }, lock: { mode: 'pessimistic_write' } });
  if (!row) return null;
  const notes = await tx.find(ArticleActionRow, { where: { storyId, action: 'correct' }, order: { id: 'DESC' }, select: { why: true } });
  return {
    row,
    state: stateOf(
      row,
      notes.map((note) => note.why ?? ''),
    ),
  };
}

function stateOf(row: Article, corrections: string[]): ArticleState {
  return {
    storyId: row.id,
    slug: row.slug,
    status: row.status,
    version: row.version,
    revision: row.revision,
    content: row.content,
    author: row.author,
    submittedAt: iso(row.submittedAt),
    firstCreated: iso(row.firstCreated),
    versionCreated: iso(row.versionCreated),
    publishAt: iso(row.publishAt),
    publishedAt: iso(row.publishedAt),
    corrections,
    reason: row.statusReason,
  };
}

/**
 * Stores what a lifecycle step did and stages its event (and the latest-state record) in the same
 * transaction. A document too large for Kafka is refused here with a 413, before anything is written.
 */
export async function saveStep(
  tx: EntityManager,
  outbox: Outbox,
  step: ArticleStep,
  action: ArticleAction,
  by: Person,
  at: Date,
  exists: boolean,
): Promise<void> {
  const { state, event } = step;
  const bytes = Buffer.byteLength(JSON.stringify(event.document), 'utf8');
  if (bytes > MAX_EVENT_BYTES) throw new StoryTooLarge({ type: event.contract.type, bytes });

  const row: Article = {
    id: state.storyId,
    slug: state.slug,
    status: state.status!,
    version: state.version,
    document: event.document,
    firstCreated: new Date(state.firstCreated ?? at),
    versionCreated: new Date(state.versionCreated ?? at),
    publishAt: state.publishAt ? new Date(state.publishAt) : null,
    publishedAt: state.publishedAt ? new Date(state.publishedAt) : null,
    language: state.content?.language ?? null,
    section: state.content?.section ?? null,
    tags: state.content?.tags ?? [],
    content: state.content,
    author: state.author,
    submittedAt: state.submittedAt ? new Date(state.submittedAt) : null,
    revision: state.revision,
    statusReason: state.reason,
    statusChangedAt: at,
  };
  if (exists) await tx.update(Article, { id: row.id }, row);
  else await tx.insert(Article, row);

  if (step.newVersion) {
    const { number, document } = step.newVersion;
    await tx.insert(ArticleVersionRow, { storyId: state.storyId, number, action: step.newVersion.action, document, createdAt: at });
  }
  await tx.insert(ArticleActionRow, {
    storyId: state.storyId,
    action,
    version: state.version,
    byId: by.id,
    byName: by.name,
    why: step.why,
    publishAt: state.publishAt ? new Date(state.publishAt) : null,
    at,
  });
  if (step.purge) await purgeContent(tx, state.storyId);

  const published = createEvent(event.contract, eventSource('publication'), state.storyId, event.document);
  await outbox.append(tx, published);
  await queueWebhookDeliveries(tx, published);
  if (step.latest !== undefined) await outbox.appendState(tx, Topics.articlesLatest, published, step.latest);
}

/** A kill takes the story's words out of every version publication keeps, and out of its events already sent. */
async function purgeContent(tx: EntityManager, storyId: string): Promise<void> {
  await tx.update(ArticleVersionRow, { storyId }, { document: null });
  await purgeSentEvents(tx, [storyId]);
  await purgeDeliveredWebhooks(tx, [storyId]);
}

/**
 * Clears the payloads of the stories' sent events. Events not sent yet still go, so that consumers
 * hear the story in order up to its kill; PurgeKilled clears them once they are sent.
 */
export async function purgeSentEvents(tx: EntityManager, storyIds: string[]): Promise<number> {
  const [, cleared] = await tx.query<[unknown, number]>(
    `UPDATE publication.outbox SET payload = NULL WHERE message_key = ANY($1::text[]) AND payload IS NOT NULL AND sent_at IS NOT NULL`,
    [storyIds],
  );
  return cleared;
}
