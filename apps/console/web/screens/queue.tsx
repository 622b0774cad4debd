import { Clients, dataOf } from '../api';
import { Listing, ProblemView, StatusBadge, useFollowChanges, usePages } from '../common';
import { formatTime, t } from '../i18n';

/** The editors' queue, live: a story submitted, claimed or decided elsewhere shows here without reloading. */
export function Queue({ api }: { api: Clients }) {
  const queue = usePages(
    async (cursor) => dataOf(await api.editorial.GET('/v1/reviews', { params: { query: { limit: 100, cursor } } })),
    [],
  );
  useFollowChanges(queue.reload);
  const page = queue.value;
  return (
    <section aria-labelledby="queue-title">
      <div class="title-row">
        <h1 id="queue-title">{t('queue')}</h1>
        <span class="live" aria-live="polite">
          {t('queueLive')}
        </span>
      </div>
      <ProblemView problem={queue.problem} />
      <Listing
        page={page}
        more={queue.more}
        empty={t('queueEmpty')}
        columns={['headline', 'author', 'status', 'details', 'queuedAt']}
        row={(review) => (
          <tr key={review.storyId} data-story={review.storyId}>
            <td>
              <a href={`#/reviews/${review.storyId}`} lang={review.language}>
                {review.headline}
              </a>
            </td>
            <td>{review.author.name}</td>
            <td>
              <StatusBadge status={review.status} />
            </td>
            <td>
              {review.claim ? t('heldBy', { editor: review.claim.editor.name }) : t('free')}
              {review.updates && (
                <>
                  <br />
                  {t('updateOf', { version: review.updates.version })}
                </>
              )}
            </td>
            <td>{formatTime(review.queuedAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}
