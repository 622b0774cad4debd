import { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { EventSource } from 'eventsource';
import { Problem, problemOf } from './api';
import { MessageKey, t } from './i18n';
import { currentSession } from './session';

/** Calls `listener` on each story change the console's live feed reports (server-sent events). */
export function useLiveChanges(listener: (change: { topic: string; type: string; storyId: string }) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    // EventSource as the browser has it sends no Authorization header; this one fetches with the session's token
    // (read again on each reconnection).
    const source = new EventSource('/api/live', {
      fetch: (url, init) =>
        fetch(url, { ...init, headers: { ...init?.headers, authorization: `Bearer ${currentSession()?.token ?? ''}` } }),
    });
    const onChange = (event: MessageEvent<string>) =>
      latest.current(JSON.parse(event.data) as { topic: string; type: string; storyId: string });
    source.addEventListener('change', onChange);
    return () => source.close();
  }, []);
}

/** Loads with `load`, again whenever `reload` is called; the last result, the problem, and whether it is loading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { value?: T; problem?: Problem; reload: () => void } {
  const [state, setState] = useState<{ value?: T; problem?: Problem }>({});
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ value }),
      (err: unknown) => current && setState((previous) => ({ ...previous, problem: problemOf(err) })),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { ...state, reload };
}

interface PageOf<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * A list read page by page (`loadPage` with the cursor the previous page gave): the rows so far, and `more`
 * while there is a next page. `reload` reads again as many pages as were shown, so a live list keeps its length.
 */
export function usePages<T>(
  loadPage: (cursor?: string) => Promise<PageOf<T>>,
  deps: unknown[],
): { value?: { items: T[] }; problem?: Problem; reload: () => void; more?: () => void } {
  const [state, setState] = useState<{ pages: PageOf<T>[]; problem?: Problem }>({ pages: [] });
  const shown = useRef(1);
  const loaded = useLoad(async () => {
    const pages: PageOf<T>[] = [];
    for (let cursor: string | undefined; pages.length < shown.current;) {
      const page = await loadPage(cursor);
      pages.push(page);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return pages;
  }, deps);
  useEffect(() => {
    if (loaded.value) setState({ pages: loaded.value });
  }, [loaded.value]);
  const next = state.pages[state.pages.length - 1]?.nextCursor;
  const more = next
    ? () =>
        void loadPage(next).then(
          (page) => {
            shown.current = state.pages.length + 1;
            setState((current) => ({ pages: [...current.pages, page] }));
          },
          (err: unknown) => setState((current) => ({ ...current, problem: problemOf(err) })),
        )
    : undefined;
  return {
    value: state.pages.length ? { items: state.pages.flatMap((page) => page.items) } : undefined,
    problem: state.problem ?? loaded.problem,
    reload: loaded.reload,
    more,
  };
}

// An event is announced once its producer committed it; the service a page reads may apply it a moment
// later (the queue fills when editorial has read the draft, a journalist's list when ingestion has mirrored
// the decision). So a page reads again soon, and a few times more as the services catch up.
const FOLLOW_UP_MS = [250, 1000, 3000, 8000];

/** Reloads the page's data after each change (to `storyId`, when given) the live feed reports, and again as the services catch up. */
export function useFollowChanges(reload: () => void, storyId?: string): void {
  const timers = useRef<number[]>([]);
  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);
  useLiveChanges((change) => {
    if (storyId && change.storyId !== storyId) return;
    timers.current.forEach((timer) => window.clearTimeout(timer));
    timers.current = FOLLOW_UP_MS.map((ms) => window.setTimeout(reload, ms));
  });
}

export function ProblemView({ problem }: { problem?: Problem }) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert">
      <strong>
        {t('errorTitle')} — {problem.title}
      </strong>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors?.length ? (
        <ul>
          {problem.errors.map((error) => (
            <li key={error.field}>
              <code>{error.field}</code> {error.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{t(`status_${status}` as Parameters<typeof t>[0])}</span>;
}

export function Loading({ children }: { children?: ComponentChildren }) {
  return <p aria-busy="true">{children ?? t('loading')}</p>;
}

/** Runs an action from a form or a button: its problem, if any, and whether it is running. */
export function useAction(): { run: (action: () => Promise<void>) => Promise<void>; busy: boolean; problem?: Problem; done: boolean } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [done, setDone] = useState(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    setDone(false);
    try {
      await action();
      setDone(true);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, problem, done };
}

/** A page of rows: loading, the empty message, or a table with these column headings and one row per item. */
export function Listing<T>({
  page,
  empty,
  columns,
  row,
  more,
}: {
  page?: { items: T[] };
  empty: string;
  columns: MessageKey[];
  row: (item: T) => ComponentChildren;
  /** Shows the next page below these rows (usePages). */
  more?: () => void;
}) {
  if (!page) return <Loading />;
  if (page.items.length === 0) return <p>{empty}</p>;
  return (
    <>
      <table class="list">
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {t(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{page.items.map(row)}</tbody>
      </table>
      {more && (
        <p>
          <button type="button" onClick={more}>
            {t('showMore')}
          </button>
        </p>
      )}
    </>
  );
}

/** A labelled, required text area whose value lives in the caller's state. */
export function TextField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <textarea id={id} required rows={2} value={value} onInput={(event) => onChange((event.target as HTMLTextAreaElement).value)} />
    </>
  );
}
