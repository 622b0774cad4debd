// Sign-in through the organisation's identity provider: OpenID Connect's authorization-code flow with PKCE, the
// console being a public client (it holds no secret). The access token it gets back is what the services check.
import * as oauth from 'oauth4webapi';
import type { OidcSignIn } from './api';

/** What a sign-in under way keeps for the page the provider sends the browser back to (this tab only). */
const PENDING = 'newsroom.oidc.pending';
/** The ID token of the sign-in, which tells the provider whose session a sign-out ends (`id_token_hint`). */
const ID_TOKEN = 'newsroom.oidc.idToken';

interface Pending {
  verifier: string;
  state: string;
  /** The screen the user was on, restored after the round trip. */
  hash: string;
}

const redirectUri = () => `${location.origin}/`;

/** Plain http is allowed only for a provider on this machine (development, the browser test); the settings demand https in production. */
function transport(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(settings: OidcSignIn): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(settings.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...transport(issuer) }));
}

/** Sends the browser to the provider's sign-in page. */
export async function beginSignIn(settings: OidcSignIn): Promise<void> {
  const server = await discover(settings);
  if (!server.authorization_endpoint) throw new Error(`${settings.issuer} names no authorization endpoint`);
  const pending: Pending = { verifier: oauth.generateRandomCodeVerifier(), state: oauth.generateRandomState(), hash: location.hash };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(server.authorization_endpoint);
  const query: Record<string, string | undefined> = {
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: settings.scope,
    state: pending.state,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    resource: settings.resource,
  };
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  location.assign(url.href);
}

/**
 * On the page the provider sent the browser back to (`?code=…&state=…`, or `?error=…`): the access token.
 * Undefined when this page load is no sign-in's return; throws what the provider refused, or a state that does not match.
 */
export async function finishSignIn(settings: OidcSignIn): Promise<string | undefined> {
  const returned = new URL(location.href);
  const saved = sessionStorage.getItem(PENDING);
  if (!saved || !(returned.searchParams.has('code') || returned.searchParams.has('error'))) return undefined;
  sessionStorage.removeItem(PENDING);
  const pending = JSON.parse(saved) as Pending;
  // The code leaves the address bar whatever comes next: a reload or a bookmark must not carry it.
  history.replaceState(null, '', `${redirectUri()}${pending.hash}`);
  // The screens follow the hash, and replaceState alone does not tell them it is back.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  const server = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const callback = oauth.validateAuthResponse(server, client, returned, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), callback, redirectUri(), pending.verifier, {
    ...transport(new URL(settings.issuer)),
    ...(settings.resource && { additionalParameters: { resource: settings.resource } }),
  });
  const tokens = await oauth.processAuthorizationCodeResponse(server, client, response, { requireIdToken: true });
  if (tokens.id_token) sessionStorage.setItem(ID_TOKEN, tokens.id_token);
  return tokens.access_token;
}

/**
 * Ends the user's session at the provider too (RP-initiated logout), which sends the browser back to the
 * console's root; false when the provider offers no end-session endpoint (the console's session alone ends).
 */
export async function signOutAtProvider(settings: OidcSignIn): Promise<boolean> {
  const idToken = sessionStorage.getItem(ID_TOKEN);
  sessionStorage.removeItem(ID_TOKEN);
  const server = await discover(settings);
  if (!server.end_session_endpoint) return false;
  const url = new URL(server.end_session_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  location.assign(url.href);
  return true;
}

/** What the provider or the flow said, for the sign-in screen. */
export function signInFailure(err: unknown): string {
  if (err instanceof oauth.AuthorizationResponseError) return err.error_description ?? err.error;
  if (err instanceof oauth.ResponseBodyError) return err.error_description ?? err.error;
  return (err as Error).message;
}
