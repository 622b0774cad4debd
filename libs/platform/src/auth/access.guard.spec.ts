import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ServiceConfig } from '../config/service-config';
import { ProblemException } from '../http/problem.exception';
import { IdentifiedRequest, Public, Roles } from './access.decorators';
import { AccessGuard } from './access.guard';
import { signToken } from './token';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

class ReviewDesk {
  @Roles('editor')
  approve() {}

  @Public()
  frontPage() {}

  queue() {}
}

describe(AccessGuard.name, () => {
  const sut = new AccessGuard(new Reflector(), { NEWSROOM_JWT_SECRET: secret } as ServiceConfig);

  function call(route: keyof ReviewDesk, authorization?: string) {
    const request: IdentifiedRequest & { headers: Record<string, string> } = { headers: authorization ? { authorization } : {} };
    const context = new ExecutionContextHost([request, {}], ReviewDesk, ReviewDesk.prototype[route]);
    context.setType('http');
    return { request, outcome: sut.canActivate(context).catch((err: ProblemException) => err) };
  }

  const bearer = async (roles: ('journalist' | 'editor')[]) =>
    `Bearer ${await signToken({ sub: 'bob', name: 'Bob Baker', roles }, secret)}`;

  it('lets an editor approve and leaves the principal on the request', async () => {
    const { request, outcome } = call('approve', await bearer(['editor']));
    expect(await outcome).toBe(true);
    expect(request.principal).toEqual({ id: 'bob', name: 'Bob Baker', roles: ['editor'] });
  });

  it('answers 403 to a journalist on an editors-only route', async () => {
    const error = (await call('approve', await bearer(['journalist'])).outcome) as ProblemException;
    expect(error.problem).toMatchObject({ status: 403, detail: 'This needs one of the roles: editor.' });
  });

  it('lets any signed-in caller through a route without @Roles', async () => {
    expect(await call('queue', await bearer(['journalist'])).outcome).toBe(true);
  });

  it('answers 401 with a bare Bearer challenge when no token comes', async () => {
    const error = (await call('queue').outcome) as ProblemException;
    expect(error.problem.status).toBe(401);
    expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="newsroom"' });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens'])('answers 401 to the header "%s"', async (header) => {
    expect(((await call('queue', header).outcome) as ProblemException).problem.status).toBe(401);
  });

  it('answers 401 with invalid_token when the token is bad', async () => {
    const error = (await call('queue', 'Bearer abc.def.ghi').outcome) as ProblemException;
    expect(error.headers['WWW-Authenticate']).toBe(
      'Bearer realm="newsroom", error="invalid_token", error_description="the token is malformed"',
    );
  });

  it('asks nothing on a @Public() route', async () => {
    expect(await call('frontPage').outcome).toBe(true);
  });

  it('leaves Kafka handlers alone', async () => {
    const context = new ExecutionContextHost([{}, {}], ReviewDesk, ReviewDesk.prototype.approve);
    context.setType('rpc');
    await expect(sut.canActivate(context)).resolves.toBe(true);
  });
});
