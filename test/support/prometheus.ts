import parsePrometheusTextFormat, { MetricFamily } from 'parse-prometheus-text-format';

/**
 * The exposition text parsed. The parser folds a histogram's series into one unlabelled object, so
 * histograms are read as untyped: `<name>_count`, `_sum` and `_bucket` each keep their labels.
 */
export const parseMetrics = (text: string): MetricFamily[] =>
  parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));

/** The value of the series `name` whose labels include `labels`; undefined when there is none. */
export function sample(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  // A histogram read as untyped comes out as one family per label set and suffix, in the order written.
  const series = families.filter((one) => one.name === name).flatMap((family) => family.metrics);
  const metric = series.find((one) => Object.entries(labels).every(([key, value]) => one.labels?.[key] === value));
  return metric === undefined ? undefined : Number(metric.value);
}
