import { DEVELOPMENT_JWT_SECRET } from '@newsroom/platform/config/base-config';
import { loadConsoleConfig } from './console-config';

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
    });
  });

  it('never signs tokens in production, even when a secret is set', () => {
    const config = loadConsoleConfig({ NODE_ENV: 'production', NEWSROOM_JWT_SECRET: 'a-secret-that-is-long-enough-to-sign-with' });
    expect(config.devSecret).toBeUndefined();
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
