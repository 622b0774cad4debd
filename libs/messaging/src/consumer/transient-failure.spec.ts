import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isTransientFailure } from './transient-failure';

const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('INSERT INTO articles ...', [], driverError);

describe('isTransientFailure', () => {
  it.each([
    ['a login refused while the role is locked out', sqlError('28000', 'role "newsroom_publication" is not permitted to log in')],
    ['a backend terminated by an administrator', queryFailed(sqlError('57P01', 'terminating connection due to administrator command'))],
    ['a database that is starting up', sqlError('57P03', 'the database system is starting up')],
    ['too many connections', sqlError('53300', 'sorry, too many clients already')],
    ['a serialisation conflict', queryFailed(sqlError('40001', 'could not serialize access'))],
    ['a deadlock', queryFailed(sqlError('40P01', 'deadlock detected'))],
    ['a lock timeout', queryFailed(sqlError('55P03', 'canceling statement due to lock timeout'))],
    ['a refused TCP connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection dropped mid-query', queryFailed(new Error('Connection terminated unexpectedly'))],
    ['a pool with no connection to give', new Error('timeout exceeded when trying to connect')],
    ['a transaction whose connection was lost between two queries', new QueryRunnerAlreadyReleasedError()],
  ])('retries %s until it passes', (_, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['a unique constraint the data breaks', queryFailed(sqlError('23505', 'duplicate key value violates unique constraint'))],
    ['a value the column refuses', queryFailed(sqlError('22001', 'value too long for type character varying(200)'))],
    ['a table that does not exist (a deployment bug)', queryFailed(sqlError('42P01', 'relation "articles" does not exist'))],
    ['a bug in the handler', new TypeError("Cannot read properties of undefined (reading 'headline')")],
    ['something that is not an Error', 'boom'],
  ])('treats %s as permanent', (_, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});
