import { CloudEvent } from '@newsroom/contracts';
import { Attributes, Context, context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = () => trace.getTracer('newsroom');

/**
 * Whether a trace propagator is installed (the platform installs one only when OTEL_* configures an
 * exporter). Without one every helper below returns at once: no header parsing, no span objects.
 */
export function tracingOn(): boolean {
  return propagation.fields().length > 0;
}

interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The trace context an event or a header map carries; the root context when it carries none. */
export function contextFrom(carrier: TraceCarrier): Context {
  if (!carrier.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The W3C headers of a context: `traceparent` and, when there is one, `tracestate`. */
export function carrierOf(ctx: Context): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The event stamped with the active trace context, unless tracing is off or it already carries one. */
export function stampTrace<T>(event: CloudEvent<T>): CloudEvent<T> {
  if (!tracingOn() || event.traceparent) return event;
  return { ...event, ...carrierOf(context.active()) };
}

/** Runs `work` in a span that is a child of `parent` (the active context by default), recording a failure. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span?: Span) => Promise<T>,
): Promise<T> {
  if (!tracingOn()) return work();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, options.parent);
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), () => work(span));
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Starts a span to be ended by the caller (a produce that covers a batch, an HTTP request). */
export function startSpan(name: string, kind: SpanKind, parent: Context, attributes?: Attributes): Span {
  return tracer().startSpan(name, { kind, attributes }, parent);
}

/** The context in which `span` is the current span, under `parent`. */
export function withSpan(parent: Context, span: Span): Context {
  return trace.setSpan(parent, span);
}

export function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

export { SpanKind };
