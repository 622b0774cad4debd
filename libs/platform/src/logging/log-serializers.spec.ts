import { QueryFailedError } from 'typeorm';
import { loggedError, loggedRequest } from './log-serializers';

describe(loggedError.name, () => {
  it("names a failed query's error and stack, not its SQL parameters or the row pg quotes", () => {
    const driverError = Object.assign(new Error('value too long for type character varying(200)'), {
      code: '22001',
      detail: 'Failing row contains (Le scoop embargoé jusqu’à lundi).',
    });
    const failed = new QueryFailedError(
      'INSERT INTO ingestion.drafts (headline) VALUES ($1)',
      ['Le scoop embargoé jusqu’à lundi'],
      driverError,
    );
    const sut = JSON.stringify(loggedError(failed));
    expect(JSON.parse(sut)).toMatchObject({ type: 'QueryFailedError', message: 'value too long for type character varying(200)' });
    expect(JSON.parse(sut).stack).toContain('QueryFailedError');
    expect(sut).not.toContain('embargoé');
  });
});

describe(loggedRequest.name, () => {
  it('logs the path without its query string', () => {
    expect(loggedRequest({ id: 'r1', method: 'GET', url: '/v1/drafts?access_token=eyJ.secret' } as never)).toEqual({
      id: 'r1',
      method: 'GET',
      url: '/v1/drafts',
    });
  });
});
