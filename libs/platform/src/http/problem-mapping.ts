import { Refusal, RefusalGrounds } from '@newsroom/contracts';
import { isTransientFailure } from '@newsroom/messaging';
import { HttpException } from '@nestjs/common';
import { Problem, problemType, statusTitle } from './problem';
import { ProblemException } from './problem.exception';

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** Not raised on purpose: the error goes to the log; the caller gets a generic 500, or a 503 to retry. */
  unexpected: boolean;
}

const UNEXPECTED_DETAIL = 'Something went wrong on our side; it has been logged.';
const UNAVAILABLE_DETAIL =
  'The service cannot reach its database right now. Try again in a few seconds (a draft submission with the same Idempotency-Key).';
/** Seconds a client should wait before retrying after a transient database failure. */
const RETRY_AFTER_SECONDS = '2';
// Nest's own members of an HttpException body; anything else (e.g. Terminus's health details) is kept.
const NEST_MEMBERS = ['statusCode', 'message', 'error', 'status', 'type', 'title', 'detail', 'instance'];

function detailOf(response: string | object, status: number): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return statusTitle(status);
}

function extensionsOf(response: string | object): Record<string, unknown> {
  if (typeof response !== 'object') return {};
  return Object.fromEntries(Object.entries(response).filter(([member]) => !NEST_MEMBERS.includes(member)));
}

function fromHttpException(exception: HttpException, instance: string): ProblemResponse {
  const status = exception.getStatus();
  if (status === 500) return unexpected(instance);
  const response = exception.getResponse();
  const problem = {
    type: problemType(),
    title: statusTitle(status),
    status,
    detail: detailOf(response, status),
    instance,
    ...extensionsOf(response),
  };
  return { problem, headers: {}, unexpected: false };
}

function unexpected(instance: string): ProblemResponse {
  return {
    problem: { type: problemType(), title: statusTitle(500), status: 500, detail: UNEXPECTED_DETAIL, instance },
    headers: {},
    unexpected: true,
  };
}

/** The one place a domain refusal becomes an HTTP status. */
const STATUS_OF: Record<RefusalGrounds, number> = {
  'not-found': 404,
  'not-permitted': 403,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  unprocessable: 422,
  busy: 429,
};

function fromRefusal(refusal: Refusal, instance: string): ProblemResponse {
  const { code, grounds, title, message, facts } = refusal;
  const problem = new ProblemException({ status: STATUS_OF[grounds], type: code, title, detail: message, extensions: facts }).problem;
  // Busy is a moment's matter: the client is told when to try again.
  return { problem: { ...problem, instance }, headers: grounds === 'busy' ? { 'Retry-After': '1' } : {}, unexpected: false };
}

const CUT_SHORT_DETAIL = 'The request body was cut short: the client closed the connection.';

/** Node's "aborted": the client closed the connection before its body was read. Nothing failed here. */
function clientWentAway(exception: unknown): boolean {
  return exception instanceof Error && (exception as NodeJS.ErrnoException).code === 'ECONNRESET';
}

/** Turns whatever a route threw into the problem document, headers and status it answers with. */
export function problemFor(exception: unknown, instance: string): ProblemResponse {
  let response: ProblemResponse;
  if (exception instanceof Refusal) {
    response = fromRefusal(exception, instance);
  } else if (exception instanceof ProblemException) {
    response = { problem: { ...exception.problem, instance }, headers: { ...exception.headers }, unexpected: false };
  } else if (exception instanceof HttpException) {
    response = fromHttpException(exception, instance);
  } else if (clientWentAway(exception)) {
    const problem = { type: problemType(), title: statusTitle(400), status: 400, detail: CUT_SHORT_DETAIL, instance };
    response = { problem, headers: {}, unexpected: false };
  } else if (isTransientFailure(exception)) {
    const problem = { type: problemType(), title: statusTitle(503), status: 503, detail: UNAVAILABLE_DETAIL, instance };
    response = { problem, headers: { 'Retry-After': RETRY_AFTER_SECONDS }, unexpected: true };
  } else {
    response = unexpected(instance);
  }
  // RFC 9110: a 401 always names the scheme that would be accepted.
  if (response.problem.status === 401 && !response.headers['WWW-Authenticate'])
    response.headers['WWW-Authenticate'] = 'Bearer realm="newsroom"';
  return response;
}
