import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** The token under which a service's Prometheus registry is provided. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * One registry per service app: process metrics (CPU, memory, event-loop lag, GC) under the usual
 * `process_` and `nodejs_` names, and whatever the service's parts register in it.
 */
export function serviceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

/**
 * HTTP requests by method, route template (never the URL itself: ids would make a label per story)
 * and status, with their latency. Requests that matched no route count under `unmatched`.
 */
export function measureHttp(fastify: Pick<FastifyInstance, 'addHook'>, registry: Registry): void {
  const requests = new Histogram({
    name: 'newsroom_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status, and how long each took to answer.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
