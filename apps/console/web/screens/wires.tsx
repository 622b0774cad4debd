import { Clients, dataOf } from '../api';
import { Listing, Loading, ProblemView, StatusBadge, useFollowChanges, useLoad, usePages } from '../common';
import { formatTime, t } from '../i18n';

/** The wire desk: each source with when it last worked and what went wrong last. */
export function Wires({ api }: { api: Clients }) {
  const wires = useLoad(async () => dataOf(await api.ingestion.GET('/v1/wires')), []);
  const page = wires.value;
  return (
    <section aria-labelledby="wires-title">
      <h1 id="wires-title">{t('wires')}</h1>
      <ProblemView problem={wires.problem} />
      <Listing
        page={page}
        empty={t('noWires')}
        columns={['wireName', 'lastSuccess', 'lastError', 'itemsTakenIn']}
        row={(wire) => (
          <tr key={wire.name} data-wire={wire.name}>
            <td>
              <a href={`#/wires/${wire.name}`}>{wire.name}</a>
            </td>
            <td>{formatTime(wire.status.lastSuccessAt)}</td>
            <td>{wire.status.lastError ? `${wire.status.lastError.message} (${formatTime(wire.status.lastError.at)})` : '—'}</td>
            <td>{wire.status.items.created}</td>
          </tr>
        )}
      />
    </section>
  );
}

/** One source at the desk: its status, and what it brought in, the latest first, with where each story stands. */
export function WireDesk({ api, name, isEditor }: { api: Clients; name: string; isEditor: boolean }) {
  const path = { name };
  const source = useLoad(async () => dataOf(await api.ingestion.GET('/v1/wires/{name}', { params: { path } })), [name]);
  const items = usePages(
    async (cursor) => dataOf(await api.ingestion.GET('/v1/wires/{name}/items', { params: { path, query: { limit: 50, cursor } } })),
    [name],
  );
  useFollowChanges(items.reload);
  const status = source.value?.status;
  return (
    <section aria-labelledby="wire-title">
      <p>
        <a href="#/wires">← {t('back')}</a>
      </p>
      <h1 id="wire-title">{t('wireItemsOf', { name })}</h1>
      <ProblemView problem={source.problem ?? items.problem} />
      {!status ? (
        source.problem ? null : (
          <Loading />
        )
      ) : (
        <ul class="details">
          <li>{t('lastSuccessAt', { at: formatTime(status.lastSuccessAt) })}</li>
          {status.lastError && <li>{t('lastErrorAt', { at: formatTime(status.lastError.at), message: status.lastError.message })}</li>}
          <li>{status.polled ? t('nextPoll', { at: formatTime(status.nextPollAt) }) : t('pushedOnly')}</li>
        </ul>
      )}
      <Listing
        page={items.value}
        more={items.more}
        empty={t('noWireItems')}
        columns={['headline', 'status', 'firstSeen', 'takenIn', 'atSource']}
        row={(item) => (
          <tr key={item.storyId} data-story={item.storyId}>
            <td lang={item.language}>
              {isEditor && (item.status === 'submitted' || item.status === 'in_review') ? (
                <a href={`#/reviews/${item.storyId}`}>{item.headline}</a>
              ) : (
                item.headline
              )}
            </td>
            <td>
              <StatusBadge status={item.status} />
            </td>
            <td>{formatTime(item.firstSeenAt)}</td>
            <td>{formatTime(item.updatedAt)}</td>
            <td>
              {item.link ? (
                <a href={item.link} rel="noopener noreferrer" target="_blank">
                  {t('original')}
                </a>
              ) : (
                '—'
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
