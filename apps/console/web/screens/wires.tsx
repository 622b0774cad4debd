import { Clients, dataOf } from '../api';
import { Listing, ProblemView, useLoad } from '../common';
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
        columns={['wireName', 'lastSuccess', 'lastError']}
        row={(wire) => (
          <tr key={wire.name}>
            <td>{wire.name}</td>
            <td>{formatTime(wire.status.lastSuccessAt)}</td>
            <td>{wire.status.lastError ? `${wire.status.lastError.message} (${formatTime(wire.status.lastError.at)})` : '—'}</td>
          </tr>
        )}
      />
    </section>
  );
}
