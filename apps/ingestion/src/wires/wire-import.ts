import { createEvent, DraftRevised, eventSource, StoryLimits, StoryOrigin } from '@newsroom/contracts';
import { cutText, FeedItem } from '@newsroom/content';
import { Outbox } from '@newsroom/messaging';
import { Principal } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Draft, DraftRevision } from '../drafts/draft.entity';
import { DraftInput } from '../drafts/draft-input';
import { findLockedDraft } from '../drafts/draft-store';
import { revisedDraft } from '../drafts/revise/revise-draft';
import { SubmitDraft, uniqueViolation } from '../drafts/submit/submit-draft';
import { WireMetrics } from './wire-metrics';
import { WireItem, WireSource } from './wire-source.entity';

export type ItemOutcome = 'created' | 'revised' | 'unchanged' | 'refused' | 'left';

export interface WireImportCounts {
  created: number;
  revised: number;
  unchanged: number;
  left: number;
  refused: { item: string; reason: string }[];
}

/** Who a wire's drafts are by: the source itself, so that every editor may review them (four eyes hold: no editor wrote them). */
export function wirePrincipal(source: Pick<WireSource, 'name'>): Principal {
  return { id: `wire:${source.name}`, name: source.name, roles: ['wire'] };
}

// Once approved, a story is the editors': later versions of the item are counted, and left. Held by an editor, it waits for their decision.
const LEFT_FOR_GOOD = new Set(['approved', 'published', 'rejected', 'withdrawn']);

const ATTEMPTS = 3;

/** The item's fields as a draft's: texts cut to a draft's bounds at a word, the language and section from the source when the item has none. */
function draftFieldsOf(item: FeedItem, source: WireSource): Record<string, unknown> | string {
  const fields = item.fields!;
  const language = fields.language ?? source.language ?? undefined;
  if (!language) return 'the item, its feed and the source say no language';
  return {
    headline: cutText(fields.headline, StoryLimits.headline),
    ...(fields.standfirst && { standfirst: cutText(fields.standfirst, StoryLimits.standfirst) }),
    body: fields.body,
    language,
    ...(source.section && { section: source.section }),
    tags: fields.tags.slice(0, StoryLimits.tags).map((tag) => cutText(tag, StoryLimits.tag)),
    ...(fields.byline && { byline: { name: cutText(fields.byline.name, StoryLimits.bylineName) } }),
  };
}

function originOf(item: FeedItem, source: WireSource): StoryOrigin {
  return {
    source: source.name,
    itemId: cutText(item.key, StoryLimits.wireItemId),
    ...(item.link && item.link.length <= StoryLimits.wireLink && { link: item.link }),
    ...(item.originalTime && { originalTime: item.originalTime }),
  };
}

/**
 * A feed's items into drafts, each item once: a new item is a new draft (submitted to the editors), a
 * changed one a new revision while the story is not yet approved, an unchanged one nothing at all. The
 * item row (source + item id, the primary key) and the draft commit together, so two polls or pushes
 * of one item racing make one draft: the loser's insert fails, and it looks again.
 */
@Injectable()
export class WireImport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly submitDraft: SubmitDraft,
    private readonly metrics: WireMetrics,
  ) {}

  async importItems(source: WireSource, items: FeedItem[]): Promise<WireImportCounts> {
    const counts: WireImportCounts = { created: 0, revised: 0, unchanged: 0, left: 0, refused: [] };
    // An item seen twice in one feed is taken once, its last version.
    const byKey = new Map(items.map((item) => [item.key, item]));
    const known = await this.fingerprints(source.name, [...byKey.keys()]);
    for (const item of byKey.values()) {
      const outcome = known.get(item.key) === item.fingerprint ? 'unchanged' : await this.importItem(source, item);
      if (typeof outcome === 'string') counts[outcome]++;
      else counts.refused.push({ item: item.key, reason: outcome.refused });
      this.metrics.items.inc({ source: source.name, outcome: typeof outcome === 'string' ? outcome : 'refused' });
    }
    await this.db
      .createQueryBuilder()
      .update(WireSource)
      .set({
        itemsSeen: () => `items_seen + ${byKey.size}`,
        itemsCreated: () => `items_created + ${counts.created}`,
        itemsRevised: () => `items_revised + ${counts.revised}`,
        itemsUnchanged: () => `items_unchanged + ${counts.unchanged}`,
        itemsRefused: () => `items_refused + ${counts.refused.length}`,
        itemsLeft: () => `items_left + ${counts.left}`,
        lastSuccessAt: new Date(),
      })
      .where('name = :name', { name: source.name })
      .execute();
    this.metrics.lastSuccess.set({ source: source.name }, Date.now() / 1000);
    return counts;
  }

  /** What the source's items were last taken in as, read at once for the whole feed: an unchanged feed costs one query. */
  private async fingerprints(source: string, keys: string[]): Promise<Map<string, string>> {
    const known = new Map<string, string>();
    for (let at = 0; at < keys.length; at += 500) {
      const rows = await this.db.manager.find(WireItem, {
        where: { source, itemId: In(keys.slice(at, at + 500)) },
        select: { itemId: true, fingerprint: true },
      });
      for (const row of rows) known.set(row.itemId, row.fingerprint);
    }
    return known;
  }

  private async importItem(source: WireSource, item: FeedItem): Promise<ItemOutcome | { refused: string }> {
    if (item.refused) return { refused: item.refused };
    const fields = draftFieldsOf(item, source);
    if (typeof fields === 'string') return { refused: fields };
    const checked = await DraftInput.safeParse(fields);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return { refused: `${issue.path.join('.') || 'item'} ${issue.message}` };
    }
    const origin = originOf(item, source);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.takeIn(tx, source, item, checked.data, origin, attempt > 1));
      } catch (err) {
        const raced = uniqueViolation(err, 'wire_items_pkey') || uniqueViolation(err, 'drafts_slug_key');
        if (!raced || attempt >= ATTEMPTS) throw err;
      }
    }
  }

  private async takeIn(
    tx: EntityManager,
    source: WireSource,
    item: FeedItem,
    input: DraftInput,
    origin: StoryOrigin,
    lostARace: boolean,
  ): Promise<ItemOutcome> {
    const now = new Date();
    const author = wirePrincipal(source);
    const known = await tx.findOne(WireItem, { where: { source: source.name, itemId: item.key }, lock: { mode: 'pessimistic_write' } });
    if (!known) {
      const draft = await this.submitDraft.insertNew(tx, author, input, { submit: true, origin }, lostARace);
      await tx.insert(WireItem, {
        source: source.name,
        itemId: item.key,
        draftId: draft.id,
        fingerprint: item.fingerprint,
        firstSeenAt: now,
        updatedAt: now,
      });
      return 'created';
    }
    if (known.fingerprint === item.fingerprint) return 'unchanged';
    const draft = await findLockedDraft(tx, known.draftId);
    if (!draft) return 'left';
    if (LEFT_FOR_GOOD.has(draft.status)) {
      await tx.update(WireItem, { source: source.name, itemId: item.key }, { fingerprint: item.fingerprint, updatedAt: now });
      return 'left';
    }
    if (draft.status === 'in_review') return 'left';
    const revised = await revisedDraft(draft, author, draft.revision, input, now, origin);
    await tx.save(Draft, revised);
    await tx.insert(DraftRevision, { draftId: draft.id, revision: revised.revision, content: revised.content, createdAt: now });
    await tx.update(WireItem, { source: source.name, itemId: item.key }, { fingerprint: item.fingerprint, updatedAt: now });
    const data = {
      storyId: draft.id,
      revision: revised.revision,
      author: { id: author.id, name: author.name },
      content: revised.content,
      at: now.toISOString(),
    };
    await this.outbox.append(tx, createEvent(DraftRevised, eventSource('ingestion'), draft.id, data));
    return 'revised';
  }
}
