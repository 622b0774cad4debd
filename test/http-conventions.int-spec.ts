import { CurrentUser, Principal, Public, Roles, signToken, startServiceApp } from '@newsroom/platform';
import { Body, Controller, Get, INestApplication, Post } from '@nestjs/common';
import { z } from 'zod';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { testConfig } from './support/test-env';

const storyPitch = z.object({
  headline: z.string().min(1, 'must not be empty'),
  byline: z.object({ name: z.string().min(1) }),
});

/** Added to the editorial service for this test only: one route per convention. */
@Controller('conventions')
class ConventionsProbe {
  @Get('whoami')
  @Roles('editor')
  whoami(@CurrentUser() user: Principal): Principal {
    return user;
  }

  @Post('pitches')
  @Roles('journalist')
  pitch(@Body({ schema: storyPitch }) pitch: z.infer<typeof storyPitch>) {
    return pitch;
  }
}

/** An editors' route added to a public controller: the service must refuse to start with it. */
@Public()
@Controller('front-page')
class PublicControllerWithAnEditorsRoute {
  @Get()
  read() {
    return {};
  }

  @Post('kill')
  @Roles('editor')
  kill() {
    return { killed: true };
  }
}

describe('a route that is both public and role-checked', () => {
  it('stops the service from starting, naming the route', async () => {
    const starting = startServiceApp(editorialService, testConfig(editorialService), { controllers: [PublicControllerWithAnEditorsRoute] });
    await expect(starting).rejects.toThrow(/PublicControllerWithAnEditorsRoute\.kill: a route is @Public\(\) or @Roles\(\), never both/);
  });
});

describe('HTTP conventions of every service', () => {
  const config = testConfig(editorialService);
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await startServiceApp(editorialService, config, { controllers: [ConventionsProbe] });
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
  });

  const tokenFor = (roles: Principal['roles'], secret = config.NEWSROOM_JWT_SECRET, expiresIn?: string) =>
    signToken({ sub: 'alice', name: 'Alice Martin', roles }, secret, expiresIn);
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers } });
  const problemOf = async (response: Response) => {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Record<string, unknown>;
  };

  it('answers 401 with a Bearer challenge when no token comes', async () => {
    const response = await call('/conventions/whoami');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await problemOf(response)).toMatchObject({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      instance: '/conventions/whoami',
    });
  });

  it.each([
    ['signed with another secret', () => tokenFor(['editor'], 'someone-elses-secret-of-sufficient-length')],
    ['expired', () => tokenFor(['editor'], undefined, '-1m')],
    ['not a JWT', async () => 'not-a-token'],
  ])('answers 401 with invalid_token to a token %s', async (_, token) => {
    const response = await call('/conventions/whoami', { token: await token() });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect((await problemOf(response)).detail).toMatch(/^The bearer token was rejected/);
  });

  it('answers 403 to a caller without the role', async () => {
    const response = await call('/conventions/whoami', { token: await tokenFor(['journalist']) });
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ status: 403, title: 'Forbidden', detail: 'This needs one of the roles: editor.' });
  });

  it('serves a caller with the role and tells the route who it is', async () => {
    const response = await call('/conventions/whoami', { token: await tokenFor(['journalist', 'editor']) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'alice', name: 'Alice Martin', roles: ['journalist', 'editor'] });
  });

  it('keeps the health probes public', async () => {
    expect((await call('/health/live')).status).toBe(200);
    expect((await call('/health/ready')).status).toBe(200);
  });

  it('lists every bad field of a body in one 400', async () => {
    const response = await call('/conventions/pitches', {
      method: 'POST',
      token: await tokenFor(['journalist']),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ headline: '', byline: { name: 42 } }),
    });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toEqual({
      type: 'https://newsroom.example/problems/validation',
      title: 'The request is not valid',
      status: 400,
      detail: '2 fields are not valid: headline, byline.name',
      instance: '/conventions/pitches',
      errors: [
        { field: 'headline', message: 'must not be empty' },
        { field: 'byline.name', message: 'Invalid input: expected string, received number' },
      ],
    });
  });

  it.each([
    ['malformed JSON', 'application/json', '{"headline": "Floods",', 400],
    ['a body past the size limit', 'application/json', JSON.stringify({ headline: 'x'.repeat(2 * 1024 * 1024) }), 413],
    ['a media type it does not read', 'application/xml', '<pitch/>', 415],
  ])('answers %s with a problem', async (_, contentType, body, status) => {
    const response = await call('/conventions/pitches', {
      method: 'POST',
      token: await tokenFor(['journalist']),
      headers: { 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(status);
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', status, instance: '/conventions/pitches' });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await call('/v1/no-such-desk?page=2');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, instance: '/v1/no-such-desk' });
  });
});
