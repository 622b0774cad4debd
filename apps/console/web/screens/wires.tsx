import { Clients, dataOf } from '../api';
import { Loading, ProblemView, useLoad } from '../common';
import { formatTime, t } from '../i18n';

/** The wire desk: each source with when it last worked and what went wrong last. */
export function Wires({ api }: { api: Clients }) {
  const wires = useLoad(async () => dataOf(await api.ingestion.GET('/v1/wires')), []);
  const page = wires.value;
  return (
    <section aria-labelledby="wires-title">
      <h1 id="wires-title">{t('wires')}</h1>
      <ProblemView problem={wires.problem} />
      {!page ? (
        <Loading />
      ) : page.items.length === 0 ? (
        <p>{t('noWires')}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('wireName')}</th>
              <th scope="col">{t('lastSuccess')}</th>
              <th scope="col">{t('lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((wire) => (
              <tr key={wire.name}>
                <td>{wire.name}</td>
                <td>{formatTime(wire.status.lastSuccessAt)}</td>
                <td>{wire.status.lastError ? `${wire.status.lastError.message} (${formatTime(wire.status.lastError.at)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
