import { useState } from 'preact/hooks';
import { Clients, dataOf, EditorialTypes } from '../api';
import { Loading, ProblemView, StatusBadge, TextField, useAction, useFollowChanges, useLoad } from '../common';
import type { operations } from '../api/editorial';
import { formatTime, t } from '../i18n';

type Review = EditorialTypes['schemas']['Review'];
type Diff = operations['ReviewsController_diff']['responses'][200]['content']['application/json'];
type Change = { type: 'same' | 'added' | 'removed'; text: string };

/** A field's changes, word by word: additions underlined, removals struck through (and said so to screen readers). */
function Changes({ label, changes }: { label: string; changes: Change[] }) {
  if (!changes.some((change) => change.type !== 'same')) return null;
  return (
    <div class="diff-field">
      <h3>{label}</h3>
      <p class="diff">
        {changes.map((change, i) =>
          change.type === 'added' ? (
            <ins key={i}>{change.text}</ins>
          ) : change.type === 'removed' ? (
            <del key={i}>{change.text}</del>
          ) : (
            <span key={i}>{change.text}</span>
          ),
        )}
      </p>
    </div>
  );
}

/** Shows the story as readers will see it: its body is the newsroom's sanitised HTML, never the author's raw input. */
export function StoryPreview({
  headline,
  standfirst,
  byline,
  body,
  language,
}: {
  headline: string;
  standfirst?: string;
  byline?: string;
  body: string;
  language?: string;
}) {
  return (
    <article class="preview" lang={language}>
      <h2>{headline}</h2>
      {standfirst && <p class="standfirst">{standfirst}</p>}
      {byline && <p class="byline">{byline}</p>}
      <div class="body" dangerouslySetInnerHTML={{ __html: body }} />
    </article>
  );
}

/** Local date-time (from an <input type="datetime-local">) to an instant with its offset, as the API takes it. */
const instant = (local: string) => new Date(local).toISOString();

export function ReviewScreen({ api, id, me }: { api: Clients; id: string; me: string }) {
  const path = { id };
  const review = useLoad(async () => dataOf(await api.editorial.GET('/v1/reviews/{id}', { params: { path } })), [id]);
  const diff = useLoad(async () => dataOf(await api.editorial.GET('/v1/reviews/{id}/diff', { params: { path } })), [id]);
  const reload = () => {
    review.reload();
    diff.reload();
  };
  useFollowChanges(reload, id);
  if (!review.value) return review.problem ? <ProblemView problem={review.problem} /> : <Loading />;
  return <ReviewView api={api} review={review.value} diff={diff.value} me={me} reload={reload} />;
}

function ReviewView({ api, review, diff, me, reload }: { api: Clients; review: Review; diff?: Diff; me: string; reload: () => void }) {
  const path = { id: review.storyId };
  const action = useAction();
  const [publishAt, setPublishAt] = useState('');
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const decide = (call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>) =>
    action.run(async () => {
      dataOf(await call());
      reload();
    });
  const open = ['submitted', 'in_review'].includes(review.status);
  const mine = review.claim?.editor.id === me;
  return (
    <section aria-labelledby="review-title">
      <p>
        <a href="#/queue">← {t('back')}</a>
      </p>
      <h1 id="review-title">{review.headline}</h1>
      <div class="standing">
        <StatusBadge status={review.status} /> <span>{review.claim ? t('heldBy', { editor: review.claim.editor.name }) : t('free')}</span>{' '}
        <span>
          {t('authorIs', { name: review.author.name })} · {t('queuedAt')} {formatTime(review.queuedAt)}
        </span>
      </div>
      <div class="columns">
        <div>
          <h2 class="section-title">{t('asItWillRead')}</h2>
          <StoryPreview
            headline={review.content.headline}
            standfirst={review.content.standfirst}
            byline={review.content.byline.name}
            body={review.content.body}
            language={review.content.language}
          />
        </div>
        <div>
          <h2 class="section-title">{t('changes')}</h2>
          {!diff ? (
            <Loading />
          ) : diff.from === null ? (
            <p>{t('noPreviousRevision')}</p>
          ) : (
            <div class="diff-panel">
              <p>
                {diff.updates
                  ? t('changesFromLive', { version: diff.updates.version, from: diff.from, to: diff.to })
                  : t('changesFrom', { from: diff.from, to: diff.to })}
              </p>
              <Changes label={t('headline')} changes={diff.headline.changes} />
              <Changes label={t('standfirst')} changes={diff.standfirst.changes} />
              <Changes label={t('body')} changes={diff.body.changes} />
              {diff.body.htmlChanged && <p>{t('htmlChanged')}</p>}
            </div>
          )}
        </div>
      </div>
      <ProblemView problem={action.problem} />
      {action.done && !action.problem && (
        <p role="status" class="done">
          {t('decisionDone')}
        </p>
      )}
      {open && (
        <div class="decisions">
          {!mine && (
            <button
              type="button"
              disabled={action.busy}
              onClick={() => void decide(() => api.editorial.POST('/v1/reviews/{id}/claim', { params: { path } }))}
            >
              {t('claim')}
            </button>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void decide(() =>
                api.editorial.POST('/v1/reviews/{id}/approve', {
                  params: { path },
                  body: { revision: review.revision, ...(note.trim() && { note }), ...(publishAt && { publishAt: instant(publishAt) }) },
                }),
              );
            }}
          >
            <label for="publish-at">{t('publishAt')}</label>
            <input
              id="publish-at"
              type="datetime-local"
              step={1}
              value={publishAt}
              onInput={(event) => setPublishAt((event.target as HTMLInputElement).value)}
            />
            <label for="approve-note">{t('approveNote')}</label>
            <input id="approve-note" value={note} onInput={(event) => setNote((event.target as HTMLInputElement).value)} />
            <button type="submit" class="primary" disabled={action.busy}>
              {t('approve')}
            </button>
          </form>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void decide(() =>
                api.editorial.POST('/v1/reviews/{id}/request-changes', { params: { path }, body: { revision: review.revision, comment } }),
              );
            }}
          >
            <TextField id="comment" label={t('comment')} value={comment} onChange={setComment} />
            <button type="submit" disabled={action.busy}>
              {t('requestChanges')}
            </button>
          </form>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!window.confirm(t('rejectWarning'))) return;
              void decide(() =>
                api.editorial.POST('/v1/reviews/{id}/reject', { params: { path }, body: { revision: review.revision, reason } }),
              );
            }}
          >
            <TextField id="reason" label={t('reason')} value={reason} onChange={setReason} />
            <button type="submit" class="danger" disabled={action.busy}>
              {t('reject')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}
