// Typed clients of the three services, generated from their OpenAPI documents (npm run console:api).
import createClient, { Middleware } from 'openapi-fetch';
import type { paths as EditorialPaths } from './api/editorial';
import type { paths as IngestionPaths } from './api/ingestion';
import type { paths as PublicationPaths } from './api/publication';
import { currentSession } from './session';

export type { components as IngestionTypes } from './api/ingestion';
export type { components as EditorialTypes } from './api/editorial';
export type { components as PublicationTypes } from './api/publication';

/** The organisation's identity provider, as the console's server is configured with it. */
export interface OidcSignIn {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  scope: string;
  resource?: string;
}

export interface ConsoleSettings {
  services: { ingestion: string; editorial: string; publication: string };
  signIn: { kind: 'development' } | OidcSignIn;
}

/** A refusal as the services send it (RFC 9457), shown to the user as it is. */
export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

const bearer: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
};

export function clients(settings: ConsoleSettings) {
  // Revalidated every time (a 304 when nothing changed): the public API lets caches keep articles for a while,
  // and a desk must see the version it just made.
  const options = { cache: 'no-cache' as const };
  const ingestion = createClient<IngestionPaths>({ baseUrl: settings.services.ingestion, ...options });
  const editorial = createClient<EditorialPaths>({ baseUrl: settings.services.editorial, ...options });
  const publication = createClient<PublicationPaths>({ baseUrl: settings.services.publication, ...options });
  for (const client of [ingestion, editorial, publication]) client.use(bearer);
  return { ingestion, editorial, publication };
}
export type Clients = ReturnType<typeof clients>;

/** The data of an answer, or throws its problem so that the screen shows it. */
export function dataOf<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data !== undefined && answer.response.ok) return answer.data;
  const error = answer.error as Partial<Problem> | undefined;
  throw Object.assign(new Error(error?.detail ?? error?.title ?? `HTTP ${answer.response.status}`), {
    problem: {
      title: error?.title ?? `HTTP ${answer.response.status}`,
      status: answer.response.status,
      detail: error?.detail,
      errors: error?.errors,
    },
  });
}

export function problemOf(err: unknown): Problem {
  const problem = (err as { problem?: Problem }).problem;
  return problem ?? { title: 'Error', status: 0, detail: (err as Error).message };
}
