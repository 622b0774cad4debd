import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BODY_MEDIA, bodiesOf } from './body-media';
import { Problem, PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem';

/**
 * Errors Fastify and Node answer before a request reaches Nest (so before ProblemFilter): a URL
 * that cannot be decoded, a path parameter over the length limit, a request line or headers over
 * Node's size limit, a request that took longer than its timeout. Each leaves as problem+json too.
 */

function problem(status: number, detail: string, instance?: string): Problem {
  return { type: problemType(), title: statusTitle(status), status, detail, ...(instance === undefined ? {} : { instance }) };
}

const FRAMEWORK_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'The URL is not valid: a percent-encoded sequence does not decode.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, detail: 'A path parameter is longer than any identifier this API uses.' },
};

/** Fastify's `frameworkErrors` hook: routing errors raised before any route (and Nest) runs. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code] ?? { status: 500, detail: 'Something went wrong on our side; it has been logged.' };
  if (known.status >= 500) request.log.error({ err: error, msg: `${request.method} request failed before routing` });
  // The raw URL is exactly what could not be parsed; the instance is left out rather than echoed.
  void reply
    .status(known.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem(known.status, known.detail)));
}

const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time; send it again, faster.' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request line or headers are too large.' },
};
const MALFORMED = { status: 400, detail: 'The request is not valid HTTP/1.1.' };

/**
 * Fastify's `clientErrorHandler`: Node found the connection unusable (a parse error, oversized
 * headers, a request timeout). The answer is written on the socket as Node would, then it closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  // As Node does: answer unless a response has already started on this connection (then only closing is left).
  const response = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) {
    const body = JSON.stringify(problem(status, detail));
    // Ended rather than destroyed: a client still sending its body reads the answer instead of a
    // connection reset; what it sends meanwhile is discarded, and a second later the socket goes.
    socket.end(
      `HTTP/1.1 ${status} ${statusTitle(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.resume();
    setTimeout(() => socket.destroy(), 1000).unref();
    return;
  }
  socket.destroy(error);
}

/**
 * A body in a media type the route does not read is answered 415 before it is read: JSON unless the
 * route takes others (BODY_MEDIA). (Fastify would parse text/plain into a string for the route to trip over.)
 */
export function refuseUnsupportedMedia(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const hasBody =
    request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : !!request.headers['transfer-encoding'];
  const type = request.headers['content-type'];
  const accepted = bodiesOf(request).map((media) => BODY_MEDIA[media]);
  if (!hasBody || (type !== undefined && accepted.some((media) => media.pattern.test(type)))) return done();
  const names = accepted.map((media) => media.name).join(' or ');
  const detail = `The body must be ${names}${type === undefined ? '' : `, not ${JSON.stringify(type.slice(0, 100))}`}.`;
  void reply
    .status(415)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem(415, detail, request.url.split('?')[0])));
}
