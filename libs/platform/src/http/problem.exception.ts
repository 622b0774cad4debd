import { HttpException } from '@nestjs/common';
import { Problem, problemType, statusTitle } from './problem';

export interface ProblemDetails {
  status: number;
  detail: string;
  /** Defaults to the HTTP status phrase; keep it the same for every occurrence of the type. */
  title?: string;
  /** Slug under https://newsroom.example/problems/, e.g. `stale-revision`; omitted means about:blank. */
  type?: string;
  /** Extra members of the problem document, e.g. `{ currentRevision: 4 }`. */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the problem, e.g. WWW-Authenticate on a 401. */
  headers?: Record<string, string>;
}

const STANDARD_MEMBERS = ['type', 'title', 'status', 'detail', 'instance'];

/** What the HTTP layer throws for a matter of the request itself (a missing If-Match, a bad header); a rule refuses with a Refusal. */
export class ProblemException extends HttpException {
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor({ status, detail, title, type, extensions = {}, headers = {} }: ProblemDetails) {
    const clash = Object.keys(extensions).find((member) => STANDARD_MEMBERS.includes(member));
    if (clash) throw new TypeError(`problem extension "${clash}" would overwrite a standard member`);
    const problem: Problem = { type: problemType(type), title: title ?? statusTitle(status), status, detail, ...extensions };
    super(problem, status);
    this.problem = problem;
    this.headers = headers;
  }
}
