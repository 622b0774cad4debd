import { contextFrom, failed, SpanKind, startSpan, tracingOn, withSpan } from '@newsroom/messaging';
import { context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * One server span per HTTP request, continuing a caller's `traceparent`. The span opens when the
 * request arrives and becomes the active context once the body is read (preHandler), so that the
 * route's transaction and the events it stages in the outbox belong to it.
 */
export function traceHttp(fastify: Pick<FastifyInstance, 'addHook'>): void {
  if (!tracingOn()) return;
  const spans = new WeakMap<FastifyRequest, Span>();
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const route = request.routeOptions.url ?? 'unmatched';
    const parent = contextFrom({ traceparent: header('traceparent'), tracestate: header('tracestate') });
    spans.set(
      request,
      startSpan(`${request.method} ${route}`, SpanKind.SERVER, parent, {
        'http.request.method': request.method,
        'http.route': route,
        'newsroom.request_id': String(request.id),
      }),
    );
    done();
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    const span = spans.get(request);
    if (!span) return done();
    context.with(withSpan(context.active(), span), done);
  });
  fastify.addHook('onError', (request, reply, error, done) => {
    const span = spans.get(request);
    if (span) failed(span, error);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    span?.setAttribute('http.response.status_code', reply.statusCode);
    span?.end();
    spans.delete(request);
    done();
  });
}
