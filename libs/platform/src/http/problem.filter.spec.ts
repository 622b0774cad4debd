import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Logger } from 'nestjs-pino';
import { lastValueFrom, Observable } from 'rxjs';
import { ProblemFilter } from './problem.filter';
import { ProblemException } from './problem.exception';

function fakeReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const reply = {
    sent: false,
    status: (code: number) => ((sent.status = code), reply),
    headers: (values: Record<string, string>) => (Object.assign(sent.headers, values), reply),
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    send: (body: string) => ((sent.body = body), reply),
  };
  return { reply, sent };
}

describe(ProblemFilter.name, () => {
  const logger = { error: jest.fn() };
  const sut = new ProblemFilter(logger as unknown as Logger);
  beforeEach(() => logger.error.mockReset());

  const httpHost = (reply: object) => {
    const host = new ExecutionContextHost([{ method: 'POST', url: '/v1/drafts?dryRun=true' }, reply]);
    host.setType('http');
    return host;
  };

  it('sends application/problem+json with the status, headers and the path as instance', () => {
    const { reply, sent } = fakeReply();
    sut.catch(new ProblemException({ status: 401, detail: 'no token', headers: { 'WWW-Authenticate': 'Bearer' } }), httpHost(reply));
    expect(sent.status).toBe(401);
    expect(sent.headers).toEqual({ 'WWW-Authenticate': 'Bearer', 'content-type': 'application/problem+json' });
    expect(JSON.parse(sent.body!)).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'no token',
      instance: '/v1/drafts',
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('logs an unexpected error with its stack as err', () => {
    const { reply, sent } = fakeReply();
    const err = new TypeError("Cannot read properties of undefined (reading 'id')");
    sut.catch(err, httpHost(reply));
    expect(sent.status).toBe(500);
    expect(logger.error).toHaveBeenCalledWith({ err, msg: 'POST /v1/drafts failed' });
  });

  it("hands a Kafka handler's error back to the consumer untouched", async () => {
    const host = new ExecutionContextHost([{}, {}]);
    host.setType('rpc');
    const err = new Error('database unavailable');
    await expect(lastValueFrom(sut.catch(err, host) as Observable<never>)).rejects.toBe(err);
  });
});
