import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Refusal, refusedByLifecycle, staleRevision, storyTransition } from '@newsroom/contracts';
import { problemFor } from './problem-mapping';
import { ProblemException } from './problem.exception';

describe(problemFor.name, () => {
  it('answers a ProblemException as the feature described it, at the request path', () => {
    const stale = new ProblemException({
      status: 409,
      type: 'stale-revision',
      title: 'The revision is stale',
      detail: 'Revision 3 was edited since; the latest is 4.',
      extensions: { latestRevision: 4 },
    });
    expect(problemFor(stale, '/v1/drafts/42')).toEqual({
      problem: {
        type: 'https://newsroom.example/problems/stale-revision',
        title: 'The revision is stale',
        status: 409,
        detail: 'Revision 3 was edited since; the latest is 4.',
        instance: '/v1/drafts/42',
        latestRevision: 4,
      },
      headers: {},
      unexpected: false,
    });
  });

  it('answers a domain refusal with the status of its grounds, its code as the type, and its facts', () => {
    const refused = storyTransition('approved', 'revise');
    expect(!refused.allowed && problemFor(refusedByLifecycle(refused), '/v1/drafts/42').problem).toEqual({
      type: 'https://newsroom.example/problems/story-state',
      title: 'Not possible in the story’s current state',
      status: 409,
      detail: 'a story that is approved cannot be revised',
      instance: '/v1/drafts/42',
      storyStatus: 'approved',
    });
    expect(problemFor(staleRevision('draft', 'If-Match', 3, 4), '/v1/drafts/42').problem).toMatchObject({
      status: 409,
      type: 'https://newsroom.example/problems/stale-revision',
      detail: 'If-Match names revision 3, but the draft is at revision 4',
      currentRevision: 4,
    });
    expect(
      problemFor(new Refusal('four-eyes', 'not-permitted', 'Authors cannot approve their own stories', 'another editor must'), '/').problem
        .status,
    ).toBe(403);
    expect(problemFor(new Refusal('no-such-story', 'not-found', 'No such story', 'no story 7'), '/').problem.status).toBe(404);
    expect(problemFor(new Refusal('article-gone', 'gone', 'The article is gone', 'no article 7 any more'), '/').problem.status).toBe(410);
  });

  it("turns Nest's exceptions into about:blank problems titled by their status", () => {
    expect(problemFor(new NotFoundException('Cannot GET /v1/nope'), '/v1/nope').problem).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /v1/nope',
      instance: '/v1/nope',
    });
    expect(problemFor(new BadRequestException(['headline is empty', 'body is empty']), '/v1/drafts').problem.detail).toBe(
      'headline is empty; body is empty',
    );
  });

  it("keeps Fastify's statuses for bodies it refuses", () => {
    expect(problemFor(new HttpException('Request body is too large', 413), '/v1/drafts').problem).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
      detail: 'Request body is too large',
    });
  });

  it("keeps the readiness check's details on a 503", () => {
    const down = new ServiceUnavailableException({
      status: 'error',
      info: {},
      error: { kafka: { status: 'down' } },
      details: { kafka: { status: 'down' } },
    });
    expect(problemFor(down, '/health/ready').problem).toMatchObject({ status: 503, info: {}, details: { kafka: { status: 'down' } } });
  });

  it('hides what an unexpected error says and marks it for the log', () => {
    const response = problemFor(new Error('relation "ingestion.drafts" does not exist'), '/v1/drafts');
    expect(response.unexpected).toBe(true);
    expect(response.problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side; it has been logged.',
      instance: '/v1/drafts',
    });
  });

  it('answers 503 with Retry-After while the database refuses, and still marks it for the log', () => {
    const refused = Object.assign(new Error('role "newsroom_ingestion" is not permitted to log in'), { code: '28000' });
    const response = problemFor(refused, '/v1/drafts');
    expect(response.unexpected).toBe(true);
    expect(response.headers).toEqual({ 'Retry-After': '2' });
    expect(response.problem).toMatchObject({ status: 503, title: 'Service Unavailable', instance: '/v1/drafts' });
    expect(response.problem.detail).not.toContain('newsroom_ingestion');
  });

  it('challenges for a bearer token on any 401', () => {
    expect(problemFor(new HttpException('no', 401), '/v1/reviews').headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="newsroom"' });
  });

  it('refuses an extension that would overwrite a standard member', () => {
    expect(() => new ProblemException({ status: 422, detail: 'x', extensions: { status: 200 } })).toThrow(/"status"/);
  });
});
