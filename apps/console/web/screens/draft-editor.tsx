import { useState } from 'preact/hooks';
import { Clients, dataOf, IngestionTypes } from '../api';
import { Loading, ProblemView, StatusBadge, useAction, useLoad } from '../common';
import { t } from '../i18n';
import { RichText } from '../rich-text';
import { DraftDetails } from './my-drafts';

type Draft = IngestionTypes['schemas']['Draft'];
const LANGUAGES = ['fr', 'en', 'de', 'es', 'it', 'pt', 'nl', 'ar'];

interface Fields {
  headline: string;
  standfirst: string;
  language: string;
  body: string;
}

/** What readers have now, when the story is live: an update starts from it, corrections made since the approval included. */
interface LiveText {
  headline: string;
  body: string;
  version: number;
}

const fieldsOf = (draft?: Draft, live?: LiveText): Fields => ({
  headline: live?.headline ?? draft?.headline ?? '',
  standfirst: draft?.standfirst ?? '',
  language: draft?.language ?? 'fr',
  body: live?.body ?? draft?.body ?? '',
});

const contentOf = (fields: Fields) => ({
  headline: fields.headline,
  ...(fields.standfirst.trim() && { standfirst: fields.standfirst }),
  language: fields.language,
  body: fields.body,
});

/** Writing a new story, or revising one: a new revision goes to the editors again once submitted. */
export function DraftEditor({ api, id }: { api: Clients; id?: string }) {
  const loaded = useLoad(
    async () => (id ? dataOf(await api.ingestion.GET('/v1/drafts/{id}', { params: { path: { id } } })) : undefined),
    [id],
  );
  const draft = loaded.value;
  const isLive = draft?.status === 'published' && draft.publication?.status === 'published';
  const live = useLoad(async (): Promise<LiveText | null> => {
    if (!draft || !isLive) return null;
    const answer = await api.publication.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: draft.id } } });
    // Taken down meanwhile, or not readable: the draft's own text, as before.
    if (!answer.data) return null;
    const body = answer.data.bodies?.[0]?.value;
    const headline = answer.data.headlines?.[0]?.value;
    return body !== undefined && headline !== undefined ? { headline, body, version: Number(answer.data.version) } : null;
  }, [draft?.id, draft?.revision, isLive]);
  if (id && !draft) return loaded.problem ? <ProblemView problem={loaded.problem} /> : <Loading />;
  if (draft && live.value === undefined && !live.problem) return <Loading />;
  return (
    <EditorForm
      api={api}
      draft={draft}
      live={live.value ?? undefined}
      key={draft ? `${draft.id}:${draft.revision}:${live.value?.version ?? ''}` : 'new'}
    />
  );
}

function EditorForm({ api, draft, live }: { api: Clients; draft?: Draft; live?: LiveText }) {
  const [fields, setFields] = useState<Fields>(fieldsOf(draft, live));
  const action = useAction();
  const set = (name: keyof Fields) => (event: Event) => setFields({ ...fields, [name]: (event.target as HTMLInputElement).value });

  const create = (submit: boolean) =>
    action.run(async () => {
      dataOf(await api.ingestion.POST('/v1/drafts', { body: { ...contentOf(fields), submit } }));
      location.hash = '#/drafts';
    });
  const revise = () =>
    action.run(async () => {
      if (!draft) return;
      const path = { id: draft.id };
      const revised = dataOf(
        await api.ingestion.PUT('/v1/drafts/{id}', {
          params: { path, header: { 'If-Match': `"${draft.revision}"` } },
          body: contentOf(fields),
        }),
      );
      if (revised.status === 'draft') dataOf(await api.ingestion.POST('/v1/drafts/{id}/submit', { params: { path } }));
      location.hash = '#/drafts';
    });

  return (
    <section aria-labelledby="editor-title">
      <p>
        <a href="#/drafts">← {t('back')}</a>
      </p>
      <h1 id="editor-title">{draft ? draft.headline : t('newDraft')}</h1>
      {draft && (
        <div class="standing">
          <StatusBadge status={draft.status} />
          <DraftDetails draft={draft} />
        </div>
      )}
      {draft?.publication?.status === 'published' && (
        <p class="notice">{t(live ? 'revisingLiveText' : 'revisingLive', { version: live?.version ?? draft.publication.version })}</p>
      )}
      <form
        class="story-form"
        onSubmit={(event) => {
          event.preventDefault();
          void (draft ? revise() : create(true));
        }}
      >
        <label for="headline">{t('headline')}</label>
        <input
          id="headline"
          name="headline"
          required
          maxLength={300}
          value={fields.headline}
          onInput={set('headline')}
          lang={fields.language}
        />
        <label for="standfirst">{t('standfirst')}</label>
        <textarea id="standfirst" name="standfirst" rows={2} value={fields.standfirst} onInput={set('standfirst')} lang={fields.language} />
        <label for="language">{t('storyLanguage')}</label>
        <select id="language" name="language" value={fields.language} onChange={set('language')}>
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {language}
            </option>
          ))}
        </select>
        <span id="body-label" class="label">
          {t('body')}
        </span>
        <RichText
          id="body"
          labelId="body-label"
          initial={fields.body}
          onChange={(body) => setFields((current) => ({ ...current, body }))}
        />
        <ProblemView problem={action.problem} />
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            {draft ? t('saveRevision') : t('saveAndSubmit')}
          </button>
          {!draft && (
            <button type="button" disabled={action.busy} onClick={() => void create(false)}>
              {t('saveDraftOnly')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
