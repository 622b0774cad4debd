import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OTLPJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, resourceAttributesEnvDetector, resourceFromAttributes, serviceNameEnvDetector } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

type Env = Record<string, string | undefined>;

/** A tracing setting the service cannot honour; the service refuses to start, naming it. */
export class TracingSettingError extends Error {}

export interface Tracing {
  /** Exports the spans still buffered; called on shutdown. */
  shutdown(): Promise<void>;
}

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/**
 * Whether the standard OTEL_* variables ask for traces: OTEL_TRACES_EXPORTER=otlp, or an OTLP
 * endpoint with no exporter named. Off otherwise, and always with OTEL_SDK_DISABLED=true.
 */
export function tracingRequested(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (exporters.length === 0) return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const unsupported = exporters.filter((name) => name !== 'otlp' && name !== 'none');
  if (unsupported.length) throw new TracingSettingError(`OTEL_TRACES_EXPORTER ${unsupported.join(',')} is not supported (otlp or none)`);
  return exporters.includes('otlp');
}

function protocolOf(env: Env): (typeof PROTOCOLS)[number] {
  const [name, value] = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL]
    : ['OTEL_EXPORTER_OTLP_PROTOCOL', env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf'];
  const protocol = PROTOCOLS.find((one) => one === value.trim());
  if (!protocol) throw new TracingSettingError(`${name} ${value} is not supported (${PROTOCOLS.join(' or ')})`);
  return protocol;
}

function millis(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new TracingSettingError(`${name} ${raw} is not a whole number of milliseconds`);
  return value;
}

/**
 * Installs OpenTelemetry tracing when the OTEL_* variables ask for it, before the service starts;
 * otherwise installs nothing, and the API's no-op tracer costs nothing. Spans go to an OTLP/HTTP
 * collector (OTEL_EXPORTER_OTLP_ENDPOINT, protobuf by default, JSON with http/json), batched.
 */
export function startTracing(service: string, env: Env = process.env): Tracing | undefined {
  if (!tracingRequested(env)) return undefined;
  const protocol = protocolOf(env);
  // The exporters read the endpoint, headers, timeout and TLS files from the OTEL_EXPORTER_OTLP_* variables themselves.
  const exporter = protocol === 'http/json' ? new OTLPJsonExporter() : new OTLPProtobufExporter();
  const detected = detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] });
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the service's own name.
  const resource = resourceFromAttributes({ 'service.name': `newsroom-${service}`, 'service.namespace': 'newsroom' }).merge(detected);
  const provider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: millis(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000),
        exportTimeoutMillis: millis(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000),
        maxQueueSize: millis(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048),
        maxExportBatchSize: millis(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512),
      }),
    ],
  });
  // A failed export (collector down, refused, timed out) is said on stderr rather than dropped in silence.
  const say =
    (level: number) =>
    (message: string, ...args: unknown[]) =>
      console.error(JSON.stringify({ level, service, context: 'opentelemetry', msg: message, args: args.map(String) }));
  const quiet = () => undefined;
  diag.setLogger({ error: say(50), warn: say(40), info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return { shutdown: () => provider.shutdown() };
}
