import { useEffect, useState } from 'preact/hooks';
import { ConsoleSettings, OidcSignIn, Problem } from '../api';
import { ProblemView } from '../common';
import { t } from '../i18n';
import { beginSignIn, finishSignIn, signInFailure } from '../oidc';
import { Role, Session, startSession } from '../session';

const ROLES: Role[] = ['journalist', 'editor', 'wire', 'admin'];

type SignedIn = (session: Session) => void;

export function SignIn({ settings, onSignedIn }: { settings: ConsoleSettings; onSignedIn: SignedIn }) {
  return settings.signIn.kind === 'oidc' ? (
    <ProviderSignIn settings={settings.signIn} onSignedIn={onSignedIn} />
  ) : (
    <DevelopmentSignIn onSignedIn={onSignedIn} />
  );
}

/** Through the organisation's identity provider: a button there, and the way back with its code. */
function ProviderSignIn({ settings, onSignedIn }: { settings: OidcSignIn; onSignedIn: SignedIn }) {
  const [returning, setReturning] = useState(() => new URLSearchParams(location.search).has('state'));
  const [problem, setProblem] = useState<Problem | undefined>();
  const failed = (detail: string) => setProblem({ title: t('signInFailed'), status: 0, detail });
  useEffect(() => {
    finishSignIn(settings)
      .then((token) => {
        if (token === undefined) return;
        const session = startSession(token);
        if (session) onSignedIn(session);
        else failed(t('signInNoRoles'));
      })
      .catch((err: unknown) => failed(signInFailure(err)))
      .finally(() => setReturning(false));
  }, [settings]);
  return (
    <main id="main" class="sign-in">
      <h1>{t('signInTitle')}</h1>
      {returning ? (
        <p role="status">{t('signInReturning')}</p>
      ) : (
        <>
          <p>{t('signInOidcNote')}</p>
          <ProblemView problem={problem} />
          <button
            type="button"
            class="primary"
            onClick={() => {
              setProblem(undefined);
              beginSignIn(settings).catch((err: unknown) => failed(signInFailure(err)));
            }}
          >
            {t('signInOidc')}
          </button>
        </>
      )}
    </main>
  );
}

/** Development sign-in: pick a user and roles, and the console's server signs a token with the development key. */
function DevelopmentSignIn({ onSignedIn }: { onSignedIn: SignedIn }) {
  const [sub, setSub] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['journalist']);
  const [problem, setProblem] = useState<Problem | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    const response = await fetch('/api/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub, name, roles }),
    });
    const answer = (await response.json()) as { token?: string } & Partial<Problem>;
    const session = answer.token ? startSession(answer.token) : undefined;
    if (session) onSignedIn(session);
    else
      setProblem({
        title: answer.title ?? `HTTP ${response.status}`,
        status: response.status,
        detail: answer.detail,
        errors: answer.errors,
      });
  };
  return (
    <main id="main" class="sign-in">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInDevNote')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label for="sign-in-name">{t('displayName')}</label>
        <input
          id="sign-in-name"
          required
          value={name}
          autocomplete="name"
          onInput={(event) => setName((event.target as HTMLInputElement).value)}
        />
        <label for="sign-in-sub">{t('userId')}</label>
        <input
          id="sign-in-sub"
          required
          value={sub}
          autocomplete="username"
          onInput={(event) => setSub((event.target as HTMLInputElement).value)}
        />
        <fieldset>
          <legend>{t('roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} class="check">
              <input
                type="checkbox"
                name="roles"
                value={role}
                checked={roles.includes(role)}
                onChange={(event) =>
                  setRoles((event.target as HTMLInputElement).checked ? [...roles, role] : roles.filter((other) => other !== role))
                }
              />{' '}
              {t(`role_${role}`)}
            </label>
          ))}
        </fieldset>
        <ProblemView problem={problem} />
        <button type="submit" class="primary">
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}
