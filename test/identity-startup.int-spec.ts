import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_JWT_SECRET } from '@newsroom/platform/config/service-config';
import { killLeftoverServices, startServiceProcess } from './support/service-process';

// What production must be given before it checks a single token; the database and brokers are this run's own.
const production = { NODE_ENV: 'production', NEWSROOM_JWT_SECRET: '', NEWSROOM_JWKS_URL: '' };

describe('a service in production refuses to start without a real identity configuration, in one line naming the setting', () => {
  afterEach(killLeftoverServices);

  it.each<[string, Record<string, string>, string]>([
    [
      'with the development secret',
      { NEWSROOM_JWT_SECRET: DEVELOPMENT_JWT_SECRET },
      'newsroom-ingestion: invalid configuration: NEWSROOM_JWT_SECRET must not be the development default (got a value)',
    ],
    [
      'with no identity configuration at all',
      {},
      'newsroom-ingestion: invalid configuration: NEWSROOM_JWKS_URL is required in production (or NEWSROOM_JWT_SECRET for HS256 tokens) (it is not set)',
    ],
    [
      'with a key set fetched over plain HTTP and no issuer',
      { NEWSROOM_JWKS_URL: 'http://id.example.org/certs', NEWSROOM_JWT_AUDIENCE: 'newsroom' },
      'newsroom-ingestion: invalid configuration: NEWSROOM_JWKS_URL must be an https:// URL of a JSON Web Key Set (got "http://id.example.org/certs")',
    ],
  ])('%s', async (_, env, line) => {
    const proc = startServiceProcess('ingestion', { ...production, ...env, KAFKA_GROUP_ID: `test-identity-${randomUUID()}` });
    expect((await proc.exited).code).toBe(1);
    expect(proc.stderr().trim()).toBe(line);
  });
});
