import { ConfigError, loadConfig } from './service-config';

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
    expect(load).toThrow(/HTTP_PORT .*\(got "70000"\); KAFKA_BROKERS must be a comma-separated list of host:port \(got "nope"\); LOG_LEVEL/);
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
});
