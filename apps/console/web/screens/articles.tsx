import { useEffect, useState } from 'preact/hooks';
import { Clients, dataOf, PublicationTypes } from '../api';
import { Listing, Loading, ProblemView, TextField, useAction, useFollowChanges, useLoad, usePages } from '../common';
import { formatTime, t } from '../i18n';
import { RichText } from '../rich-text';
import { StoryPreview } from './review';

type Article = PublicationTypes['schemas']['Article'];
const storyIdOf = (article: Article) => article.uri.split(':').pop() ?? '';
const headlineOf = (article: Article) => article.headlines?.[0]?.value ?? '';

/** Published articles, newest first, as the public API serves them. */
export function Articles({ api }: { api: Clients }) {
  const articles = usePages(
    async (cursor) => dataOf(await api.publication.GET('/v1/articles', { params: { query: { limit: 50, cursor } } })),
    [],
  );
  useFollowChanges(articles.reload);
  const page = articles.value;
  return (
    <section aria-labelledby="articles-title">
      <h1 id="articles-title">{t('articles')}</h1>
      <ProblemView problem={articles.problem} />
      <Listing
        page={page}
        more={articles.more}
        empty={t('noArticles')}
        columns={['headline', 'version', 'published']}
        row={(article) => (
          <tr key={article.uri} data-story={storyIdOf(article)}>
            <td>
              <a href={`#/articles/${storyIdOf(article)}`} lang={article.language}>
                {headlineOf(article)}
              </a>
            </td>
            <td>{article.version}</td>
            <td>{formatTime(article.versionCreated)}</td>
          </tr>
        )}
      />
    </section>
  );
}

/** One published article, with the desk's actions on it: a correction, an unpublication, a kill. */
export function ArticleScreen({ api, id }: { api: Clients; id: string }) {
  const article = useLoad(
    async () => dataOf(await api.publication.GET('/v1/articles/{idOrSlug}', { params: { path: { idOrSlug: id } } })),
    [id],
  );
  useFollowChanges(article.reload, id);
  if (!article.value) return article.problem ? <ProblemView problem={article.problem} /> : <Loading />;
  return <ArticleDesk api={api} id={id} shown={article.value} reload={article.reload} />;
}

function ArticleDesk({ api, id, shown, reload }: { api: Clients; id: string; shown: Article; reload: () => void }) {
  const action = useAction();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [headline, setHeadline] = useState(headlineOf(shown));
  const [body, setBody] = useState(shown.bodies?.[0]?.value ?? '');
  // A new version (this correction, or another editor's) is what the next correction starts from.
  useEffect(() => {
    setHeadline(headlineOf(shown));
    setBody(shown.bodies?.[0]?.value ?? '');
    setNote('');
  }, [shown.version]);
  const path = { id };
  // A correction sends what the editor changed, and its public note.
  const correction = () => ({
    note,
    ...(headline !== headlineOf(shown) && { headline }),
    ...(body !== (shown.bodies?.[0]?.value ?? '') && { body }),
  });
  const act = (call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>) =>
    action.run(async () => {
      dataOf(await call());
      reload();
    });
  return (
    <section aria-labelledby="article-title">
      <p>
        <a href="#/articles">← {t('back')}</a>
      </p>
      <h1 id="article-title">{headlineOf(shown)}</h1>
      <p>
        {t('version')} {shown.version} · {t('published')} {formatTime(shown.versionCreated)}
      </p>
      <StoryPreview
        headline={headlineOf(shown)}
        standfirst={shown.descriptions?.find((description) => description.role !== 'correction')?.value}
        byline={shown.by}
        body={shown.bodies?.[0]?.value ?? ''}
        language={shown.language}
      />
      <ProblemView problem={action.problem} />
      {action.done && !action.problem && (
        <p role="status" class="done">
          {t('decisionDone')}
        </p>
      )}
      <div class="decisions">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => api.publication.POST('/v1/articles/{id}/corrections', { params: { path }, body: correction() }));
          }}
        >
          <label for="corrected-headline">{t('headline')}</label>
          <input
            id="corrected-headline"
            required
            value={headline}
            onInput={(event) => setHeadline((event.target as HTMLInputElement).value)}
          />
          <span id="corrected-body-label" class="label">
            {t('correctedBody')}
          </span>
          <RichText id="corrected-body" labelId="corrected-body-label" initial={body} onChange={setBody} key={shown.version} />
          <TextField id="correction-note" label={t('correctionNoteLabel')} value={note} onChange={setNote} />
          <button type="submit" class="primary" disabled={action.busy}>
            {t('correct')}
          </button>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
            const route = submitter?.value === 'kill' ? '/v1/articles/{id}/kill' : '/v1/articles/{id}/unpublish';
            if (!window.confirm(t(submitter?.value === 'kill' ? 'killWarning' : 'unpublishWarning'))) return;
            void act(() => api.publication.POST(route, { params: { path }, body: { reason } }));
          }}
        >
          <TextField id="takedown-reason" label={t('reason')} value={reason} onChange={setReason} />
          <button type="submit" name="action" value="unpublish" disabled={action.busy}>
            {t('unpublish')}
          </button>
          <button type="submit" name="action" value="kill" class="danger" disabled={action.busy}>
            {t('kill')}
          </button>
        </form>
      </div>
    </section>
  );
}
