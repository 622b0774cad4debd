import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig, usesDevelopmentJwtSecret } from './service-config';

describe(loadConfig.name, () => {
  it('gives a local developer working defaults', () => {
    const config = loadConfig('editorial', {});
    expect(config).toMatchObject({
      service: 'editorial',
      HTTP_PORT: 3002,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/newsroom',
      DATABASE_USER: 'newsroom_editorial',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_GROUP_ID: 'newsroom-editorial',
      KAFKA_CREATE_TOPICS: true,
    });
  });

  it('reads overrides, splitting the broker list', () => {
    const config = loadConfig('publication', { HTTP_PORT: '8080', KAFKA_BROKERS: 'k1:9092, k2:9092', KAFKA_CREATE_TOPICS: 'false' });
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.KAFKA_CREATE_TOPICS).toBe(false);
  });

  it('names every bad setting in one message', () => {
    const load = () => loadConfig('ingestion', { HTTP_PORT: '70000', KAFKA_BROKERS: 'nope', LOG_LEVEL: 'loud' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /HTTP_PORT .*\(got "70000"\); KAFKA_BROKERS must be a comma-separated list of host:port \(got "nope"\); LOG_LEVEL/,
    );
  });

  it('never repeats a password from DATABASE_URL in its message', () => {
    expect(() => loadConfig('ingestion', { DATABASE_URL: 'mysql://app:s3cret@db/newsroom' })).toThrow(
      'invalid configuration: DATABASE_URL must be a postgres://user@host:port/database URL (got "mysql://app:***@db/newsroom")',
    );
  });

  it('has no local defaults in production: the database and brokers must be named', () => {
    expect(() => loadConfig('ingestion', { NODE_ENV: 'production' })).toThrow(
      'invalid configuration: DATABASE_URL is required (it is not set); KAFKA_BROKERS is required (it is not set)',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig('ingestion', { HTTP_PORT: '' }).HTTP_PORT).toBe(3001);
  });

  describe('INBOX_RETENTION_HOURS', () => {
    it('outlasts the topics by default: 7 days on the topics, 8 in the inbox, a day for sent outbox rows', () => {
      expect(loadConfig('ingestion', {})).toMatchObject({
        KAFKA_TOPIC_RETENTION_HOURS: 168,
        INBOX_RETENTION_HOURS: 192,
        OUTBOX_RETENTION_HOURS: 24,
      });
    });

    it('refuses an inbox that would forget events a topic can still redeliver, naming the rule', () => {
      expect(() => loadConfig('publication', { INBOX_RETENTION_HOURS: '168' })).toThrow(
        'invalid configuration: INBOX_RETENTION_HOURS must be at least KAFKA_TOPIC_RETENTION_HOURS + 24 (192): the inbox would forget events the topics can still redeliver (got "168")',
      );
      expect(() => loadConfig('publication', { KAFKA_TOPIC_RETENTION_HOURS: '720', INBOX_RETENTION_HOURS: '720' })).toThrow(ConfigError);
      expect(loadConfig('publication', { KAFKA_TOPIC_RETENTION_HOURS: '720', INBOX_RETENTION_HOURS: '744' }).INBOX_RETENTION_HOURS).toBe(
        744,
      );
    });
  });

  describe('NEWSROOM_JWT_SECRET', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example:5432/newsroom', KAFKA_BROKERS: 'k1:9092' };

    it('falls back to the development secret outside production, and says so', () => {
      const config = loadConfig('editorial', {});
      expect(config.NEWSROOM_JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
      expect(usesDevelopmentJwtSecret(config)).toBe(true);
    });

    it('is required in production, at least 32 characters, never the development one, and never echoed', () => {
      expect(() => loadConfig('editorial', production)).toThrow(
        'invalid configuration: NEWSROOM_JWKS_URL is required in production (or NEWSROOM_JWT_SECRET for HS256 tokens) (it is not set)',
      );
      expect(() => loadConfig('editorial', { ...production, NEWSROOM_JWT_SECRET: 'short-secret' })).toThrow(
        'invalid configuration: NEWSROOM_JWT_SECRET must be at least 32 characters (got a value)',
      );
      expect(() => loadConfig('editorial', { ...production, NEWSROOM_JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(
        'NEWSROOM_JWT_SECRET must not be the development default',
      );
      const secret = 'a-production-secret-of-enough-length';
      expect(usesDevelopmentJwtSecret(loadConfig('editorial', { ...production, NEWSROOM_JWT_SECRET: secret }))).toBe(false);
    });
  });

  describe('NEWSROOM_JWKS_URL', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example:5432/newsroom', KAFKA_BROKERS: 'k1:9092' };
    const jwks = {
      NEWSROOM_JWKS_URL: 'https://id.example.org/realms/newsroom/protocol/openid-connect/certs',
      NEWSROOM_JWT_ISSUER: 'https://id.example.org/realms/newsroom',
      NEWSROOM_JWT_AUDIENCE: 'newsroom',
    };

    it('is a production identity on its own, with its issuer and audience, and no HS256 secret', () => {
      const config = loadConfig('ingestion', { ...production, ...jwks });
      expect(config).toMatchObject({ ...jwks, NEWSROOM_JWT_SECRET: '', NEWSROOM_JWT_CLOCK_SKEW_SECONDS: 30 });
    });

    it('needs its issuer and audience', () => {
      expect(() => loadConfig('ingestion', { NEWSROOM_JWKS_URL: jwks.NEWSROOM_JWKS_URL })).toThrow(
        'invalid configuration: NEWSROOM_JWT_ISSUER is required with NEWSROOM_JWKS_URL (it is not set); NEWSROOM_JWT_AUDIENCE is required with NEWSROOM_JWKS_URL (it is not set)',
      );
    });

    it('is https in production, where a shared secret beside it is refused', () => {
      expect(() => loadConfig('ingestion', { ...production, ...jwks, NEWSROOM_JWKS_URL: 'http://id.example.org/certs' })).toThrow(
        'NEWSROOM_JWKS_URL must be an https:// URL of a JSON Web Key Set (got "http://id.example.org/certs")',
      );
      expect(() => loadConfig('ingestion', { ...production, ...jwks, NEWSROOM_JWT_SECRET: 'x'.repeat(32) })).toThrow(
        'invalid configuration: NEWSROOM_JWT_SECRET must not be set with NEWSROOM_JWKS_URL (tokens are checked one way only) (got a value)',
      );
    });

    it('bounds the clock skew to five minutes', () => {
      expect(() => loadConfig('ingestion', { NEWSROOM_JWT_CLOCK_SKEW_SECONDS: '3600' })).toThrow(/NEWSROOM_JWT_CLOCK_SKEW_SECONDS/);
    });
  });
});
