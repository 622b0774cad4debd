import { useEffect, useMemo, useState } from 'preact/hooks';
import { clients, ConsoleSettings } from './api';
import { currentLocale, Locale, setLocale, t } from './i18n';
import { signOutAtProvider } from './oidc';
import { Articles, ArticleScreen } from './screens/articles';
import { DraftEditor } from './screens/draft-editor';
import { MyDrafts } from './screens/my-drafts';
import { Queue } from './screens/queue';
import { ReviewScreen } from './screens/review';
import { SignIn } from './screens/sign-in';
import { WireDesk, Wires } from './screens/wires';
import { currentSession, endSession, Role, Session } from './session';

function useHash(): string {
  const [hash, setHash] = useState(location.hash.slice(1));
  useEffect(() => {
    const onChange = () => setHash(location.hash.slice(1));
    window.addEventListener('hashchange', onChange);
    // Read again once listening: the way back from the identity provider may have set it meanwhile.
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

const NAV: { href: string; label: Parameters<typeof t>[0]; roles: Role[] }[] = [
  { href: '#/drafts', label: 'navDrafts', roles: ['journalist'] },
  { href: '#/queue', label: 'navQueue', roles: ['editor'] },
  { href: '#/articles', label: 'navArticles', roles: ['editor'] },
  { href: '#/wires', label: 'navWires', roles: ['editor', 'admin'] },
];

export function App({ settings }: { settings: ConsoleSettings }) {
  const [session, setSession] = useState<Session | undefined>(currentSession());
  const [locale, chooseLocale] = useState<Locale>(currentLocale());
  const api = useMemo(() => clients(settings), [settings]);
  const hash = useHash();
  const languages = (
    <label class="locale">
      {t('language')}{' '}
      <select
        value={locale}
        onChange={(event) => {
          const next = (event.target as HTMLSelectElement).value as Locale;
          setLocale(next);
          chooseLocale(next);
        }}
      >
        <option value="fr">Français</option>
        <option value="en">English</option>
      </select>
    </label>
  );
  if (!session)
    return (
      <div key={locale}>
        <header class="top">
          <span class="brand">{t('appName')}</span>
          {languages}
        </header>
        <SignIn settings={settings} onSignedIn={setSession} />
      </div>
    );
  const has = (role: Role) => session.roles.includes(role);
  const home = has('journalist') ? '/drafts' : '/queue';
  const route = hash || home;
  const [, section, id] = route.split('/');
  const needs = (role: Role | Role[], screen: preact.JSX.Element) =>
    [role].flat().some(has) ? screen : <p role="alert">{t('notAllowed', { role: t(`role_${[role].flat()[0]}`) })}</p>;
  let screen: preact.JSX.Element;
  if (section === 'drafts')
    screen = needs(
      'journalist',
      id === 'new' ? <DraftEditor api={api} /> : id ? <DraftEditor api={api} id={id} /> : <MyDrafts api={api} />,
    );
  else if (section === 'reviews' && id) screen = needs('editor', <ReviewScreen api={api} id={id} me={session.sub} />);
  else if (section === 'articles') screen = needs('editor', id ? <ArticleScreen api={api} id={id} /> : <Articles api={api} />);
  else if (section === 'wires')
    screen = needs(['editor', 'admin'], id ? <WireDesk api={api} name={id} isEditor={has('editor')} /> : <Wires api={api} />);
  else screen = needs('editor', <Queue api={api} />);
  return (
    <div key={locale}>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToContent')}
      </a>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <nav aria-label={t('appName')}>
          <ul>
            {NAV.filter((item) => item.roles.some(has)).map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={route.startsWith(item.href.slice(1)) ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {languages}
        <span class="who">{session.name}</span>
        <button
          type="button"
          onClick={() => {
            endSession();
            setSession(undefined);
            // Signed in at the organisation's provider: signed out there too, or the next sign-in would skip its login.
            if (settings.signIn.kind === 'oidc') void signOutAtProvider(settings.signIn).catch(() => false);
          }}
        >
          {t('signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </div>
  );
}
