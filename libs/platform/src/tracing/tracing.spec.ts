import { tracingRequested, TracingSettingError } from './tracing';

describe(tracingRequested.name, () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' }, false],
  ])('is on only when the OTEL_* variables ask for OTLP traces: %j → %s', (env, on) => {
    expect(tracingRequested(env)).toBe(on);
  });

  it('refuses an exporter it cannot run, naming the variable', () => {
    expect(() => tracingRequested({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(TracingSettingError);
    expect(() => tracingRequested({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER zipkin/);
  });
});
