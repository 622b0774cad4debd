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

  describe('NEWSROOM_JWT_SECRET', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example:5432/newsroom', KAFKA_BROKERS: 'k1:9092' };

    it('falls back to the development secret outside production, and says so', () => {
      const config = loadConfig('editorial', {});
      expect(config.NEWSROOM_JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
      expect(usesDevelopmentJwtSecret(config)).toBe(true);
    });

    it('is required in production, at least 32 characters, never the development one, and never echoed', () => {
      expect(() => loadConfig('editorial', production)).toThrow('invalid configuration: NEWSROOM_JWT_SECRET is required (it is not set)');
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
});
