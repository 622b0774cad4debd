import { useState } from 'preact/hooks';
import { Clients, dataOf, IngestionTypes } from '../api';
import { Listing, ProblemView, StatusBadge, useAction, useFollowChanges, usePages } from '../common';
import { formatTime, t } from '../i18n';

type DraftSummary = IngestionTypes['schemas']['DraftSummary'];

/** What the journalist needs to know beside the status: the editor's last words, the live version, corrections, a takedown. */
export function DraftDetails({ draft }: { draft: DraftSummary }) {
  const lines: string[] = [];
  const lastWords = [...(draft.feedback ?? [])].reverse().find((feedback) => feedback.message);
  if (lastWords && draft.status !== 'published')
    lines.push(t('editorSaid', { editor: lastWords.editor.name, message: lastWords.message ?? '' }));
  const publication = draft.publication;
  if (publication) {
    if (publication.status === 'scheduled') lines.push(t('pub_scheduled', { at: formatTime(publication.scheduledFor) }));
    if (publication.status === 'published') lines.push(t('pub_published', { version: publication.version }));
    if (publication.status === 'unpublished') lines.push(t('pub_unpublished', { reason: publication.takenDown?.reason ?? '' }));
    if (publication.status === 'killed') lines.push(t('pub_killed', { reason: publication.takenDown?.reason ?? '' }));
    for (const correction of publication.corrections)
      lines.push(t('correctionNote', { version: correction.version, note: correction.note }));
  }
  return lines.length ? (
    <ul class="details">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  ) : null;
}

export function MyDrafts({ api }: { api: Clients }) {
  const drafts = usePages(
    async (cursor) => dataOf(await api.ingestion.GET('/v1/drafts', { params: { query: { limit: 50, cursor } } })),
    [],
  );
  useFollowChanges(drafts.reload);
  const page = drafts.value;
  return (
    <section aria-labelledby="drafts-title">
      <div class="title-row">
        <h1 id="drafts-title">{t('myDrafts')}</h1>
        <a class="button primary" href="#/drafts/new">
          {t('newDraft')}
        </a>
      </div>
      <ProblemView problem={drafts.problem} />
      <Listing
        page={page}
        more={drafts.more}
        empty={t('noDrafts')}
        columns={['headline', 'status', 'details', 'updated']}
        row={(draft) => (
          <tr key={draft.id} data-story={draft.id}>
            <td>
              <a href={`#/drafts/${draft.id}`} lang={draft.language}>
                {draft.headline}
              </a>
            </td>
            <td>
              <StatusBadge status={draft.status} />
            </td>
            <td>
              <DraftDetails draft={draft} />
            </td>
            <td>{formatTime(draft.updatedAt)}</td>
          </tr>
        )}
      />
      <ImportPage api={api} />
    </section>
  );
}

/** A saved web page (its HTML file) read into a new draft, which the journalist then edits and submits. */
function ImportPage({ api }: { api: Clients }) {
  const [file, setFile] = useState<File | undefined>();
  const action = useAction();
  const upload = () =>
    action.run(async () => {
      if (!file) return;
      const html = await file.text();
      const draft = dataOf(
        await api.ingestion.POST('/v1/drafts/import', {
          body: html as never,
          bodySerializer: (body: unknown) => body as string,
          headers: { 'content-type': 'text/html' },
        }),
      );
      location.hash = `#/drafts/${draft.id}`;
    });
  return (
    <form
      class="import"
      onSubmit={(event) => {
        event.preventDefault();
        void upload();
      }}
    >
      <label for="import-file">{t('importPage')}</label>
      <input
        id="import-file"
        type="file"
        accept=".html,.htm,text/html"
        onChange={(event) => setFile((event.target as HTMLInputElement).files?.[0])}
      />
      <button type="submit" disabled={!file || action.busy}>
        {t('importButton')}
      </button>
      <ProblemView problem={action.problem} />
    </form>
  );
}
