import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { SERVICE_NAMES } from '@newsroom/platform/config/service-config';
import { call, NewsroomStack } from './support/newsroom-stack';
import { killLeftoverServices } from './support/service-process';

type Doc = Record<string, any>;
const root = join(__dirname, '..');

/** What `kubectl apply -k k8s/` would apply; the files themselves (and the dashboard file) where kubectl is missing. */
function rendered(): Doc[] {
  const kubectl = spawnSync('kubectl', ['kustomize', join(root, 'k8s')], { encoding: 'utf8' });
  if (kubectl.error) {
    console.log(`kubectl is not installed (${kubectl.error.message}): reading k8s/*.yaml instead of rendering the kustomization`);
    const files = readdirSync(join(root, 'k8s')).filter((file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml');
    const docs = files.flatMap((file) => parseAllDocuments(readFileSync(join(root, 'k8s', file), 'utf8')).map((doc) => doc.toJS() as Doc));
    const dashboard = readFileSync(join(root, 'k8s', 'grafana', 'newsroom-dashboard.json'), 'utf8');
    return [
      ...docs.filter(Boolean),
      { kind: 'ConfigMap', metadata: { name: 'newsroom-grafana-dashboard' }, data: { 'newsroom-dashboard.json': dashboard } },
    ];
  }
  expect(kubectl.stderr).toBe('');
  expect(kubectl.status).toBe(0);
  return parseAllDocuments(kubectl.stdout)
    .map((doc) => doc.toJS() as Doc)
    .filter(Boolean);
}

/** Metrics that others export: Prometheus itself and kube-state-metrics. */
const EXTERNAL = new Set(['up', 'kube_pod_status_ready']);

/** The metric names a PromQL expression reads: label matchers and `by (...)` lists are dropped first. */
function metricsIn(expr: string): string[] {
  const bare = expr.replace(/\{[^}]*\}/g, '').replace(/\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...new Set(bare.match(/\b(newsroom|process|nodejs|kube)_[a-z0-9_]+\b|\bup\b/g) ?? [])];
}

/** Every series name a scrape can hold: a histogram's _bucket, _count and _sum, a summary's _count and _sum. */
function exportedNames(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
    type === 'histogram'
      ? [name, `${name}_bucket`, `${name}_count`, `${name}_sum`]
      : type === 'summary'
        ? [name, `${name}_count`, `${name}_sum`]
        : [name],
  );
}

describe('Alerts, dashboard and availability in k8s/', () => {
  const docs = rendered();
  const of = (kind: string) => docs.filter((doc) => doc.kind === kind);
  const rules: Doc[] = of('PrometheusRule').flatMap((rule) => rule.spec.groups.flatMap((group: Doc) => group.rules));
  const dashboardMap = of('ConfigMap').find((map) => map.metadata.name === 'newsroom-grafana-dashboard');
  const dashboard = JSON.parse(dashboardMap?.data?.['newsroom-dashboard.json'] ?? '{}');
  const panelExprs: string[] = (dashboard.panels ?? []).flatMap((panel: Doc) => panel.targets.map((target: Doc) => target.expr));

  const METRICS_TOKEN = `scrape-${randomUUID()}`;
  let exported: Set<string>;

  beforeAll(async () => {
    const stack = await NewsroomStack.start({ METRICS_TOKEN });
    try {
      const scrapes = await Promise.all(
        Object.values(stack.urls).map((url) => call('GET', `${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })),
      );
      expect(scrapes.map((scrape) => scrape.status)).toEqual([200, 200, 200]);
      exported = new Set(scrapes.flatMap((scrape) => exportedNames(scrape.body as string)));
    } finally {
      await stack.stop();
      killLeftoverServices();
    }
  }, 120_000);

  it('alerts on everything the on-call engineer must see before readers do', () => {
    expect(rules.map((rule) => rule.alert).sort()).toEqual(
      [
        'NewsroomConsumerLagGrowing',
        'NewsroomDeadLetter',
        'NewsroomMetricsMissing',
        'NewsroomOutboxStuck',
        'NewsroomReadinessFlapping',
        'NewsroomScheduledPublicationLate',
        'NewsroomWireSourceFailing',
      ].sort(),
    );
    const byName = Object.fromEntries(rules.map((rule) => [rule.alert, rule]));
    expect(byName.NewsroomOutboxStuck.expr).toMatch(/newsroom_outbox_oldest_unsent_age_seconds\) > 30$/);
    expect(byName.NewsroomConsumerLagGrowing.for).toBe('5m');
    expect(byName.NewsroomScheduledPublicationLate.expr).toContain('le="5"');
    expect(byName.NewsroomWireSourceFailing.expr).toMatch(/> 900/);
    for (const rule of rules) {
      expect({ alert: rule.alert, runbook: rule.annotations?.runbook_url }).toEqual({
        alert: rule.alert,
        runbook: expect.stringContaining(`docs/runbook.md#${String(rule.alert).toLowerCase()}`),
      });
    }
    const runbook = readFileSync(join(root, 'docs', 'runbook.md'), 'utf8');
    for (const rule of rules) expect(runbook).toContain(`## ${rule.alert}`);
  });

  it("reads, in every alert and every dashboard panel, only metrics that the services really export (or Prometheus's and kube-state-metrics')", () => {
    expect(panelExprs.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const expr of [...rules.map((rule) => rule.expr as string), ...panelExprs]) {
      const names = metricsIn(expr);
      expect({ expr, readsAMetric: names.length > 0 }).toEqual({ expr, readsAMetric: true });
      for (const name of names) {
        if (!exported.has(name) && !EXTERNAL.has(name)) missing.push(`${name} (in ${expr})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('passes promtool check rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-rules-'));
    try {
      const file = join(dir, 'rules.yaml');
      writeFileSync(file, stringify({ groups: of('PrometheusRule').flatMap((rule) => rule.spec.groups) }));
      const promtool = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      if (promtool.error) {
        console.log(
          `promtool is not installed (${promtool.error.message}; Debian: apt-get install prometheus): rules not checked by promtool`,
        );
        return;
      }
      expect({ status: promtool.status, output: promtool.stdout + promtool.stderr }).toEqual({
        status: 0,
        output: expect.stringContaining(`SUCCESS: ${rules.length} rules found`),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.each(SERVICE_NAMES)('%s', (service) => {
    const name = `newsroom-${service}`;
    const deployment = () => of('Deployment').find((doc) => doc.metadata.name === name)!;
    const podLabels = () => deployment().spec.template.metadata.labels as Record<string, string>;
    const labelsMatch = (selector: Record<string, string>) => Object.entries(selector).every(([key, value]) => podLabels()[key] === value);

    it('is scraped by a ServiceMonitor with the bearer token its pods require, from the same Secret', () => {
      const monitor = of('ServiceMonitor').find((doc) => doc.metadata.name === name)!;
      const service = of('Service').find((doc) => doc.metadata.name === name)!;
      expect(monitor.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
      expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
      const [endpoint] = monitor.spec.endpoints;
      expect(service.spec.ports.map((port: Doc) => port.name)).toContain(endpoint.port);
      expect(endpoint.path).toBe('/metrics');
      const env = deployment().spec.template.spec.containers[0].env as Doc[];
      const token = env.find((entry) => entry.name === 'METRICS_TOKEN');
      expect(endpoint.authorization).toEqual({ type: 'Bearer', credentials: token?.valueFrom?.secretKeyRef });
    });

    it('keeps a pod up through voluntary disruptions and is fenced by a NetworkPolicy that still lets its API and Prometheus in', () => {
      const budget = of('PodDisruptionBudget').find((doc) => doc.metadata.name === name)!;
      expect(labelsMatch(budget.spec.selector.matchLabels)).toBe(true);
      expect(budget.spec.maxUnavailable).toBeLessThan(deployment().spec.replicas);
      const policy = of('NetworkPolicy').find((doc) => doc.metadata.name === name)!;
      expect(labelsMatch(policy.spec.podSelector.matchLabels)).toBe(true);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      const port = deployment().spec.template.spec.containers[0].ports[0].containerPort;
      expect(policy.spec.ingress.flatMap((rule: Doc) => rule.ports.map((p: Doc) => p.port))).toEqual([port]);
      const egressPorts = policy.spec.egress.flatMap((rule: Doc) => rule.ports.map((p: Doc) => p.port));
      expect(egressPorts).toEqual(expect.arrayContaining([53, 9093, 5432, 443]));
    });
  });
});
