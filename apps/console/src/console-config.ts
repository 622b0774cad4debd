import { DEFAULT_HTTP_PORTS, DEVELOPMENT_JWT_SECRET } from '@newsroom/platform/config/base-config';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });
const localService = (port: number) => url.default(`http://127.0.0.1:${port}`);

/** The console's settings, from the environment: where it listens, where the browser finds the services, the broker it follows. */
export const ConsoleConfig = z
  .object({
    NODE_ENV: z.string().default('development'),
    CONSOLE_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    CONSOLE_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** The services' public URLs, as the browser calls them (each service lists the console's origin in CORS_ORIGINS). */
    CONSOLE_INGESTION_URL: localService(DEFAULT_HTTP_PORTS.ingestion),
    CONSOLE_EDITORIAL_URL: localService(DEFAULT_HTTP_PORTS.editorial),
    CONSOLE_PUBLICATION_URL: localService(DEFAULT_HTTP_PORTS.publication),
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform((list) =>
        list
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean),
      ),
    // Reached as the services reach it: plain on a laptop, TLS and SCRAM in the cluster (k8s/console.yaml).
    KAFKA_CLIENT_ID: z.string().min(1).default('newsroom-console'),
    KAFKA_SSL: z
      .enum(['true', 'false'])
      .default('false')
      .transform((flag) => flag === 'true'),
    KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    /** Signs the development tokens of the sign-in screen; outside production only, where it is the services' own default. */
    NEWSROOM_JWT_SECRET: z.string().default(''),
    /**
     * The identity provider the console sends its users to (OIDC authorization code with PKCE, as a public client:
     * no secret). Required in production; when set, development sign-in is off everywhere.
     */
    CONSOLE_OIDC_ISSUER: url.optional(),
    CONSOLE_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
    CONSOLE_OIDC_SCOPE: z
      .string()
      .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be scopes separated by single spaces')
      .default('openid profile'),
    /** The services' resource indicator (RFC 8707), sent with the requests when the provider wants one for the API's audience. */
    CONSOLE_OIDC_RESOURCE: z.string().min(1).max(500).optional(),
    /**
     * With an identity provider: how the console's server checks the tokens its live feed is opened with, as the
     * services check theirs (the same three values as their ConfigMaps). Without one, the development secret.
     */
    NEWSROOM_JWKS_URL: url.optional(),
    NEWSROOM_JWT_ISSUER: z.string().min(1).max(500).optional(),
    NEWSROOM_JWT_AUDIENCE: z.string().min(1).max(500).optional(),
    /** The built web application (`npm run build` writes it). */
    CONSOLE_WEB_DIR: z.string().min(1).optional(),
  })
  .superRefine((config, context) => {
    const production = config.NODE_ENV === 'production';
    const problem = (key: string, message: string) => context.addIssue({ code: 'custom', path: [key], message });
    if (config.CONSOLE_OIDC_ISSUER) {
      if (!config.CONSOLE_OIDC_CLIENT_ID) problem('CONSOLE_OIDC_CLIENT_ID', 'is required with CONSOLE_OIDC_ISSUER');
      if (production && !config.CONSOLE_OIDC_ISSUER.startsWith('https:')) problem('CONSOLE_OIDC_ISSUER', 'must be https:// in production');
      for (const key of ['NEWSROOM_JWKS_URL', 'NEWSROOM_JWT_ISSUER', 'NEWSROOM_JWT_AUDIENCE'] as const)
        if (!config[key]) problem(key, 'is required with CONSOLE_OIDC_ISSUER (the live feed checks tokens as the services do)');
    } else if (production) problem('CONSOLE_OIDC_ISSUER', 'is required in production (the console signs no tokens there)');
  })
  .transform((config) => {
    const { CONSOLE_OIDC_ISSUER: issuer, CONSOLE_OIDC_CLIENT_ID: clientId, CONSOLE_OIDC_SCOPE: scope } = config;
    const oidc = issuer && clientId ? { issuer, clientId, scope, resource: config.CONSOLE_OIDC_RESOURCE } : undefined;
    const devSecret = oidc || config.NODE_ENV === 'production' ? undefined : config.NEWSROOM_JWT_SECRET || DEVELOPMENT_JWT_SECRET;
    return {
      ...config,
      production: config.NODE_ENV === 'production',
      /** How the browser signs in: the identity provider when one is configured, else development tokens (never in production). */
      oidc,
      devSecret,
      /** What the live feed checks a bearer token against: the provider's keys, or the development secret. */
      identity: oidc
        ? {
            NEWSROOM_JWKS_URL: config.NEWSROOM_JWKS_URL,
            NEWSROOM_JWT_ISSUER: config.NEWSROOM_JWT_ISSUER,
            NEWSROOM_JWT_AUDIENCE: config.NEWSROOM_JWT_AUDIENCE,
          }
        : { NEWSROOM_JWT_SECRET: devSecret },
    };
  });
export type ConsoleConfig = z.output<typeof ConsoleConfig>;

/** The settings, or every problem with them named by variable. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = ConsoleConfig.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `invalid console settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  return parsed.data;
}
