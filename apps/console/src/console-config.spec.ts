import { DEVELOPMENT_JWT_SECRET } from '@newsroom/platform/config/base-config';
import { loadConsoleConfig } from './console-config';

/** How the services check the provider's tokens, which the console's live feed checks the same way. */
const PROVIDER_KEYS = {
  NEWSROOM_JWKS_URL: 'https://id.newsroom.example/realms/newsroom/protocol/openid-connect/certs',
  NEWSROOM_JWT_ISSUER: 'https://id.newsroom.example/realms/newsroom',
  NEWSROOM_JWT_AUDIENCE: 'newsroom-api',
};

describe('console settings', () => {
  it('serves on 3000 and points the browser at the local services by default, with development sign-in', () => {
    const config = loadConsoleConfig({});
    expect(config).toMatchObject({
      CONSOLE_HTTP_PORT: 3000,
      CONSOLE_INGESTION_URL: 'http://127.0.0.1:3001',
      CONSOLE_EDITORIAL_URL: 'http://127.0.0.1:3002',
      CONSOLE_PUBLICATION_URL: 'http://127.0.0.1:3003',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      devSecret: DEVELOPMENT_JWT_SECRET,
      identity: { NEWSROOM_JWT_SECRET: DEVELOPMENT_JWT_SECRET },
    });
  });

  it('never signs tokens in production, even when a secret is set: it sends its users to the identity provider', () => {
    const config = loadConsoleConfig({
      NODE_ENV: 'production',
      NEWSROOM_JWT_SECRET: 'a-secret-that-is-long-enough-to-sign-with',
      CONSOLE_OIDC_ISSUER: 'https://id.newsroom.example/realms/newsroom',
      CONSOLE_OIDC_CLIENT_ID: 'newsroom-console',
      ...PROVIDER_KEYS,
    });
    expect(config.devSecret).toBeUndefined();
    expect(config.oidc).toEqual({
      issuer: 'https://id.newsroom.example/realms/newsroom',
      clientId: 'newsroom-console',
      scope: 'openid profile',
      resource: undefined,
    });
  });

  it('turns development sign-in off wherever an identity provider is configured', () => {
    const config = loadConsoleConfig({ CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:4444', CONSOLE_OIDC_CLIENT_ID: 'console', ...PROVIDER_KEYS });
    expect(config.devSecret).toBeUndefined();
    expect(config.oidc?.issuer).toBe('http://127.0.0.1:4444');
    expect(config.identity).toEqual(PROVIDER_KEYS);
  });

  it('refuses production without an identity provider, an issuer without its client, and a plain-http issuer in production', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadConsoleConfig(env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(attempt({ NODE_ENV: 'production' })).toContain('CONSOLE_OIDC_ISSUER is required in production');
    expect(attempt({ CONSOLE_OIDC_ISSUER: 'https://id.example' })).toContain('CONSOLE_OIDC_CLIENT_ID is required');
    const withoutKeys = attempt({ CONSOLE_OIDC_ISSUER: 'https://id.example', CONSOLE_OIDC_CLIENT_ID: 'c' });
    for (const key of Object.keys(PROVIDER_KEYS)) expect(withoutKeys).toContain(`${key} is required with CONSOLE_OIDC_ISSUER`);
    expect(attempt({ NODE_ENV: 'production', CONSOLE_OIDC_ISSUER: 'http://id.example', CONSOLE_OIDC_CLIENT_ID: 'c' })).toContain(
      'CONSOLE_OIDC_ISSUER must be https://',
    );
    expect(attempt({ CONSOLE_OIDC_ISSUER: 'https://id.example', CONSOLE_OIDC_CLIENT_ID: 'c', CONSOLE_OIDC_SCOPE: 'openid  x' })).toContain(
      'CONSOLE_OIDC_SCOPE',
    );
  });

  it('names each setting it cannot use', () => {
    let message = '';
    try {
      loadConsoleConfig({ CONSOLE_EDITORIAL_URL: 'ftp://x', CONSOLE_HTTP_PORT: '70000', KAFKA_SSL: 'yes' });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const key of ['CONSOLE_EDITORIAL_URL', 'CONSOLE_HTTP_PORT', 'KAFKA_SSL']) expect(message).toContain(key);
  });
});
