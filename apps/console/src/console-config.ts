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
    /** In production: the identity provider the console sends editors to (OIDC authorization code with PKCE). */
    CONSOLE_OIDC_ISSUER: url.optional(),
    CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** The built web application (`npm run build` writes it). */
    CONSOLE_WEB_DIR: z.string().min(1).optional(),
  })
  .transform((config) => ({
    ...config,
    production: config.NODE_ENV === 'production',
    devSecret: config.NODE_ENV === 'production' ? undefined : config.NEWSROOM_JWT_SECRET || DEVELOPMENT_JWT_SECRET,
  }));
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
