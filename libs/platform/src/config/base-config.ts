import { z } from 'zod';

export const SERVICE_NAMES = ['ingestion', 'editorial', 'publication'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DEFAULT_HTTP_PORTS: Record<ServiceName, number> = { ingestion: 3001, editorial: 3002, publication: 3003 };
export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/newsroom';
export const LOCAL_KAFKA_BROKERS = '127.0.0.1:9092';
/** Signs and checks bearer tokens outside production when NEWSROOM_JWT_SECRET is unset; public, so never trusted in production. */
export const DEVELOPMENT_JWT_SECRET = 'newsroom-development-secret-not-for-production';

/** Providers inject the running service's settings with `@Inject(SERVICE_CONFIG)`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** The Postgres role a service logs in as; it owns the schema of the same name and nothing else. */
export function serviceRole(service: ServiceName): string {
  return `newsroom_${service}`;
}

/** A whole number from an environment variable, within bounds. */
export const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}, 'must be a postgres://user@host:port/database URL');

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()))
  .refine((brokers) => brokers.every((broker) => hostPort.test(broker)), 'must be a comma-separated list of host:port');

/** Origins allowed to call the API from a browser: `https://host[:port]`, comma-separated; none by default. */
const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .refine(
    (origins) => origins.every((origin) => /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)),
    'must be a comma-separated list of origins such as https://console.example.org',
  );

/** An absolute URI (a scheme, then no space), as CloudEvents wants a `source`: `urn:…` or `https://…`. */
const eventSourceUri = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/,
    'must be an absolute URI, e.g. urn:newsroom:publication or https://publication.news.example',
  );

const jwtSecret = (production: boolean) => {
  const secret = z.string().min(32, 'must be at least 32 characters');
  // In production an unset secret is '' (HS256 off), and identityProblems() demands this or a JWKS configuration.
  return production
    ? secret.refine((value) => value !== DEVELOPMENT_JWT_SECRET, 'must not be the development default').default('')
    : secret.default(DEVELOPMENT_JWT_SECRET);
};

const jwksUrl = (production: boolean) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        // Keys fetched over plain HTTP could be swapped on the way; loopback HTTP is for tests and local identity providers.
        return url.protocol === 'https:' || (!production && url.protocol === 'http:');
      } catch {
        return false;
      }
    },
    `must be an ${production ? 'https' : 'http(s)'}:// URL of a JSON Web Key Set`,
  );

/** What NEWSROOM_JWKS_URL's tokens must say about who issued them and for whom; printable, no spaces. */
const tokenParty = z
  .string()
  .max(500)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** Settings that only make sense together, which a per-field schema cannot see; each problem in loadConfig's words. */
export function identityProblems(config: Record<string, unknown>, production: boolean): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const jwks = config.NEWSROOM_JWKS_URL !== undefined;
  if (jwks) {
    for (const key of ['NEWSROOM_JWT_ISSUER', 'NEWSROOM_JWT_AUDIENCE']) {
      if (config[key] === undefined) problems.push({ key, message: 'is required with NEWSROOM_JWKS_URL' });
    }
    if (production && config.NEWSROOM_JWT_SECRET) {
      problems.push({ key: 'NEWSROOM_JWT_SECRET', message: 'must not be set with NEWSROOM_JWKS_URL (tokens are checked one way only)' });
    }
  } else if (production && !config.NEWSROOM_JWT_SECRET) {
    problems.push({ key: 'NEWSROOM_JWKS_URL', message: 'is required in production (or NEWSROOM_JWT_SECRET for HS256 tokens)' });
  }
  return problems;
}

/** The settings every service reads; a service adds its own with `settings` on its definition. */
export function baseConfigSchema(service: ServiceName, production: boolean) {
  // A default that is parsed like a value given, so that transforms (the broker list) apply to it too.
  const localDefault = <T extends z.ZodType<unknown, string>>(schema: T, value: string) =>
    production ? schema : schema.prefault(value as z.input<T>);
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: integer(0, 65535).default(DEFAULT_HTTP_PORTS[service]),
    DATABASE_URL: localDefault(postgresUrl, LOCAL_DATABASE_URL),
    DATABASE_USER: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a Postgres role name')
      .default(serviceRole(service)),
    DATABASE_PASSWORD: z.string().optional(),
    DATABASE_POOL_SIZE: integer(1, 200).default(10),
    KAFKA_BROKERS: localDefault(brokerList, LOCAL_KAFKA_BROKERS),
    KAFKA_CLIENT_ID: z.string().min(1).default(`newsroom-${service}`),
    KAFKA_GROUP_ID: z.string().min(1).default(`newsroom-${service}`),
    KAFKA_CREATE_TOPICS: flag.prefault('true'),
    KAFKA_TOPIC_PARTITIONS: integer(1, 1000).default(6),
    KAFKA_TOPIC_REPLICATION_FACTOR: integer(1, 10).default(1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: integer(1000, 600_000).default(20_000),
    // Identity
    NEWSROOM_JWT_SECRET: jwtSecret(production),
    NEWSROOM_JWKS_URL: jwksUrl(production).optional(),
    NEWSROOM_JWT_ISSUER: tokenParty.optional(),
    NEWSROOM_JWT_AUDIENCE: tokenParty.optional(),
    NEWSROOM_JWT_CLOCK_SKEW_SECONDS: integer(0, 300).default(30),
    NEWSROOM_JWKS_COOLDOWN_SECONDS: integer(0, 600).default(30),
    // HTTP limits and defences
    HTTP_BODY_LIMIT_BYTES: integer(1024, 16 * 1024 * 1024).default(1024 * 1024),
    HTTP_HEADERS_TIMEOUT_MS: integer(500, 600_000).default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: integer(500, 600_000).default(30_000),
    HTTP_IDLE_TIMEOUT_MS: integer(500, 600_000).default(30_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(500, 600_000).default(5_000),
    HTTP_MAX_CONNECTIONS: integer(16, 1_000_000).default(2_000),
    HTTP_MAX_REQUESTS_PER_SOCKET: integer(0, 1_000_000).default(1_000),
    HTTP_TRUST_PROXY: flag.prefault('false'),
    CORS_ORIGINS: originList.prefault(''),
    // Prometheus's bearer token for /metrics; in production /metrics answers only with it.
    METRICS_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{16,200}$/, 'must be 16 to 200 printable characters without spaces')
      .optional(),
    RATE_LIMIT_WINDOW_MS: integer(1000, 3_600_000).default(60_000),
    RATE_LIMIT_ANONYMOUS: integer(1, 10_000_000).default(600),
    RATE_LIMIT_SIGNED_IN: integer(1, 10_000_000).default(6_000),
    KAFKA_SSL: flag.prefault('false'),
    KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    // Bounded tables: how long events stay on the topics this service creates, and its outbox and inbox rows in Postgres.
    KAFKA_TOPIC_RETENTION_HOURS: integer(1, 87_600).default(168),
    OUTBOX_RETENTION_HOURS: integer(1, 87_600).default(24),
    INBOX_RETENTION_HOURS: integer(1, 87_600).default(192),
    PRUNE_INTERVAL_SECONDS: integer(10, 86_400).default(300),
    PRUNE_MAX_ROWS_PER_SECOND: integer(100, 1_000_000).default(5_000),
    // The CloudEvents source each service writes (default urn:newsroom:<service>): set alike in every service.
    EVENT_SOURCE_INGESTION: eventSourceUri.optional(),
    EVENT_SOURCE_EDITORIAL: eventSourceUri.optional(),
    EVENT_SOURCE_PUBLICATION: eventSourceUri.optional(),
  });
}

/**
 * Kafka deletes whole log segments: an event can outlive the topic's retention by up to one segment
 * (the topics are created with segments of this many hours).
 */
export const TOPIC_SEGMENT_HOURS = 24;

/**
 * The inbox must remember a ce_id for as long as a topic can hand the event out again (a new group
 * reads from the beginning, an offset reset, a replay): the topic's retention and one segment.
 */
export function retentionProblems(config: Record<string, unknown>): { key: string; message: string }[] {
  const topicHours = Number(config.KAFKA_TOPIC_RETENTION_HOURS);
  const inboxHours = Number(config.INBOX_RETENTION_HOURS);
  const needed = topicHours + TOPIC_SEGMENT_HOURS;
  if (inboxHours >= needed) return [];
  return [
    {
      key: 'INBOX_RETENTION_HOURS',
      message: `must be at least KAFKA_TOPIC_RETENTION_HOURS + ${TOPIC_SEGMENT_HOURS} (${needed}): the inbox would forget events the topics can still redeliver`,
    },
  ];
}
