import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { COMPACTED_TOPICS, deadLetterTopic, Topics } from '@newsroom/contracts';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { publicationService } from '../apps/publication/src/publication.service';
import {
  configKeys,
  DEFAULT_HTTP_PORTS,
  loadConfig,
  SERVICE_NAMES,
  ServiceName,
  serviceRole,
} from '@newsroom/platform/config/service-config';
import { kafkaConnection } from '@newsroom/platform/bootstrap/kafka-connection';

// Deployment files are read as plain data; any shape is possible until checked.
type Doc = Record<string, any>;

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const yamlErrors = (file: string) => parseAllDocuments(read(file)).flatMap((doc) => doc.errors.map((error) => error.message));
const load = (file: string): Doc[] =>
  parseAllDocuments(read(file))
    .map((doc) => doc.toJS() as Doc)
    .filter(Boolean);

const k8sFiles = readdirSync(join(root, 'k8s'))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();
const k8s = k8sFiles.flatMap((file) => load(`k8s/${file}`));
const compose = load('docker-compose.yml')[0];
const kafkaVersion: string = JSON.parse(read('package.json')).config.kafkaVersion;

/** Read only by the image's shell command to choose dist/apps/$SERVICE; no service reads it. */
const ALLOWED_EXTRA_ENV = ['SERVICE'];
const definitions = { ingestion: ingestionService, editorial: editorialService, publication: publicationService };
/** A service's configuration from these variables, checked against its own schema (the base and its settings). */
const configOf = (service: ServiceName, env: Record<string, string>) => loadConfig(service, env, definitions[service].settings ?? {});
const shutdownSeconds = (service: ServiceName) => configOf(service, {}).SHUTDOWN_TIMEOUT_MS / 1000;
const dummyDatabaseUrl = 'postgres://db.example:5432/newsroom';

function resource(kind: string, name: string): Doc {
  const found = k8s.find((doc) => doc.kind === kind && doc.metadata?.name === name);
  if (!found) throw new Error(`k8s/ has no ${kind} named ${name}`);
  return found;
}

function composeEnv(name: string): Record<string, string> {
  const env = compose.services[name].environment ?? {};
  const pairs = (Array.isArray(env) ? env.map((entry: string) => entry.split(/=(.*)/s)) : Object.entries(env)) as [string, unknown][];
  return Object.fromEntries(
    pairs.map(([key, value]) => [key, value === null || value === undefined ? '' : String(value as string | number)]),
  );
}

/** The names among these that the given services do not read. */
const notConfigKeys = (services: ServiceName | ServiceName[], names: string[]) => {
  const known = [services].flat().flatMap((service) => configKeys(service, definitions[service].settings));
  return names.filter((name) => !known.includes(name) && !ALLOWED_EXTRA_ENV.includes(name));
};
const commandLine = (container: Doc) => [...(container.command ?? []), ...(container.args ?? [])].flat().join(' ');
const podSpec = (kind: 'Deployment' | 'Job', name: string): Doc => resource(kind, name).spec.template.spec;

describe('deployment files parse', () => {
  it.each(['docker-compose.yml', ...k8sFiles.map((file) => `k8s/${file}`)])('%s is valid YAML', (file) => {
    expect(yamlErrors(file)).toEqual([]);
  });

  it('k8s/kustomization.yaml lists every other manifest in k8s/', () => {
    const { resources } = load('k8s/kustomization.yaml')[0];
    expect([...resources].sort()).toEqual(k8sFiles.filter((file) => file !== 'kustomization.yaml'));
  });
});

describe('Dockerfile', () => {
  it('runs every stage on the Node.js release that CI tests (config.nodeVersion), one that engines allows', () => {
    const pkg = JSON.parse(read('package.json'));
    const bases = [...read('Dockerfile').matchAll(/^FROM node:(\S+?)-\S+/gm)].map((match) => match[1]);
    expect(bases).toEqual([pkg.config.nodeVersion, pkg.config.nodeVersion]);
    const [major, minor] = pkg.config.nodeVersion.split('.').map(Number);
    const [floorMajor, floorMinor] = pkg.engines.node.replace('>=', '').split('.').map(Number);
    expect(major > floorMajor || (major === floorMajor && minor >= floorMinor)).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  it('runs kafka, postgres, the migrations and the three services', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'postgres', 'migrate', ...SERVICE_NAMES]));
  });

  it('runs the Kafka version pinned in package.json', () => {
    expect(compose.services.kafka.image).toBe(`apache/kafka:${kafkaVersion}`);
  });

  it('migrate sets up the database and migrates every service, setting only config keys', () => {
    const command = [compose.services.migrate.command].flat().join(' ');
    expect(command).toContain('dist/tools/db-setup.js');
    for (const service of SERVICE_NAMES) expect(command).toContain(service);
    expect(command).toContain('migrate');
    expect(notConfigKeys([...SERVICE_NAMES], Object.keys(composeEnv('migrate')))).toEqual([]);
  });

  it.each(SERVICE_NAMES)('%s publishes and health-checks its default HTTP port', (service) => {
    const port = DEFAULT_HTTP_PORTS[service];
    const { ports, healthcheck } = compose.services[service];
    expect(composeEnv(service).HTTP_PORT).toBe(String(port));
    expect(ports.map((mapping: unknown) => String(mapping).split(':').map(Number))).toEqual([[port, port]]);
    expect(JSON.stringify(healthcheck.test)).toContain(`:${port}/health/ready`);
  });

  it.each(SERVICE_NAMES)('%s sets only config keys, SERVICE naming itself, and a valid configuration', (service) => {
    const env = composeEnv(service);
    expect(notConfigKeys(service, Object.keys(env))).toEqual([]);
    expect(env.SERVICE).toBe(service);
    expect(env.DATABASE_USER).toBe(serviceRole(service));
    expect(() => configOf(service, env)).not.toThrow();
  });

  it.each(SERVICE_NAMES)('%s waits for healthy kafka and postgres and a successful migrate', (service) => {
    expect(compose.services[service].depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
  });
});

describe('k8s manifests', () => {
  it("Strimzi runs the pinned Kafka version and declares every topic and each consumer's dead-letter topic", () => {
    const kafka = k8s.find((doc) => doc.kind === 'Kafka')!;
    expect(kafka.spec.kafka.version).toBe(kafkaVersion);
    const topics = k8s.filter((doc) => doc.kind === 'KafkaTopic');
    expect(topics.map((topic) => topic.metadata.labels['strimzi.io/cluster'])).toEqual(topics.map(() => kafka.metadata.name));
    const consumed = [ingestionService, editorialService, publicationService].flatMap(({ name, consumes }) =>
      consumes.map((topic) => deadLetterTopic(topic, name)),
    );
    const expected = [...Object.values(Topics), ...consumed];
    expect(topics.map((topic) => topic.spec.topicName ?? topic.metadata.name).sort()).toEqual(expected.sort());
    const compacted = topics.filter((topic) => topic.spec.config?.['cleanup.policy'] === 'compact').map((topic) => topic.spec.topicName);
    expect(compacted).toEqual(COMPACTED_TOPICS);
  });

  describe.each(SERVICE_NAMES)('%s', (service) => {
    const name = `newsroom-${service}`;
    const port = DEFAULT_HTTP_PORTS[service];
    const config = () => resource('ConfigMap', `${name}-config`).data as Record<string, unknown>;
    const container = () => podSpec('Deployment', name).containers[0] as Doc;
    const migration = () => podSpec('Job', `${name}-migrate`).containers[0] as Doc;

    it('ConfigMap holds only config keys, as strings, forming a valid production configuration', () => {
      const data = config();
      expect(notConfigKeys(service, Object.keys(data))).toEqual([]);
      expect(Object.values(data).filter((value) => typeof value !== 'string')).toEqual([]);
      expect(data.DATABASE_USER).toBe(serviceRole(service));
      // It comes from a Secret, not from the ConfigMap.
      const secrets = { DATABASE_URL: dummyDatabaseUrl };
      expect(() => configOf(service, { ...(data as Record<string, string>), ...secrets })).not.toThrow();
    });

    it("verifies tokens against the identity provider's JWKS, with no signing secret deployed", () => {
      const data = config() as Record<string, string>;
      expect(data.NEWSROOM_JWKS_URL).toMatch(/^https:\/\//);
      expect(data).toMatchObject({ NEWSROOM_JWT_ISSUER: expect.any(String), NEWSROOM_JWT_AUDIENCE: expect.any(String) });
      for (const c of [container(), migration()]) {
        expect((c.env ?? []).map((entry: Doc) => entry.name)).not.toContain('NEWSROOM_JWT_SECRET');
      }
      expect(k8s.filter((doc) => doc.kind === 'Secret' && JSON.stringify(doc).includes('jwt'))).toEqual([]);
    });

    it('Deployment and migration Job read the ConfigMap and take database credentials from the Secret', () => {
      for (const c of [container(), migration()]) {
        expect(
          notConfigKeys(
            service,
            (c.env ?? []).map((entry: Doc) => entry.name),
          ),
        ).toEqual([]);
        expect(c.envFrom).toEqual([{ configMapRef: { name: `${name}-config` } }]);
        for (const key of ['DATABASE_URL', 'DATABASE_PASSWORD']) {
          const entry = c.env.find((e: Doc) => e.name === key);
          expect(entry).toEqual({ name: key, valueFrom: { secretKeyRef: expect.objectContaining({ name: `${name}-db` }) } });
        }
      }
      expect(container().env).toContainEqual({ name: 'SERVICE', value: service });
    });

    it('CloudNativePG manages its login role with the same Secret', () => {
      const roles = resource('Cluster', 'newsroom-db').spec.managed.roles as Doc[];
      expect(roles.find((role) => role.name === serviceRole(service))).toMatchObject({
        login: true,
        passwordSecret: { name: `${name}-db` },
      });
    });

    it('probes, containerPort, Service and HTTP_PORT all use its default port', () => {
      const c = container();
      expect(config().HTTP_PORT).toBe(String(port));
      expect(c.ports.map((p: Doc) => p.containerPort)).toEqual([port]);
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port });
      if (c.startupProbe) expect(c.startupProbe.httpGet.port).toBe(port);
      const svc = resource('Service', name).spec;
      expect(svc.ports.map((p: Doc) => p.targetPort)).toEqual([port]);
      expect(resource('Deployment', name).spec.template.metadata.labels).toMatchObject(svc.selector);
    });

    it('has resource requests and limits and lets the service drain before SIGKILL', () => {
      for (const c of [container(), migration()]) {
        expect(c.resources).toEqual({ requests: expect.any(Object), limits: expect.any(Object) });
      }
      const preStop = container().lifecycle?.preStop;
      const preStopSeconds = Number(preStop?.sleep?.seconds ?? preStop?.exec?.command?.at(-1) ?? 0);
      expect(podSpec('Deployment', name).terminationGracePeriodSeconds).toBeGreaterThan(preStopSeconds + shutdownSeconds(service));
      expect(podSpec('Deployment', name).securityContext.runAsNonRoot).toBe(true);
    });

    it('KafkaUser (SCRAM-SHA-512) may write only its own topics and its dead-letter topics, and read only what it consumes', () => {
      const { produces, consumes } = definitions[service];
      const user = resource('KafkaUser', name);
      expect(user.metadata.labels['strimzi.io/cluster']).toBe(k8s.find((doc) => doc.kind === 'Kafka')!.metadata.name);
      expect(user.spec.authentication).toEqual({ type: 'scram-sha-512' });
      expect(user.spec.authorization.type).toBe('simple');
      const acls = user.spec.authorization.acls as Doc[];
      // Literal names only: a prefix or '*' would reach other services' topics.
      expect(acls.map((acl) => acl.resource.patternType)).toEqual(acls.map(() => 'literal'));
      const allowed = (type: string, operation: string) =>
        acls
          .filter((acl) => acl.resource.type === type && acl.operations.includes(operation))
          .map((acl) => acl.resource.name as string)
          .sort();
      expect(allowed('topic', 'Write')).toEqual([...produces, ...consumes.map((topic) => deadLetterTopic(topic, service))].sort());
      expect(allowed('topic', 'Read')).toEqual([...consumes].sort());
      expect(allowed('group', 'Read')).toEqual([configOf(service, {}).KAFKA_GROUP_ID]);
      expect(acls.flatMap((acl) => acl.operations as string[]).filter((op) => !['Read', 'Write', 'Describe'].includes(op))).toEqual([]);
      expect(acls.filter((acl) => !['topic', 'group'].includes(acl.resource.type))).toEqual([]);
    });

    it('connects to Kafka over TLS as its KafkaUser, with the password from the Secret Strimzi writes', () => {
      const data = config() as Record<string, string>;
      expect(data.KAFKA_SASL_USERNAME).toBe(name);
      expect(container().env).toContainEqual({ name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name, key: 'password' } } });
      const settings = configOf(service, {
        ...data,
        DATABASE_URL: dummyDatabaseUrl,
        KAFKA_SASL_PASSWORD: 'p',
      });
      const connection = kafkaConnection(settings, (path) => `PEM ${path}`);
      expect(connection).toMatchObject({
        ssl: { ca: [`PEM ${data.KAFKA_SSL_CA_FILE}`] },
        sasl: { mechanism: 'scram-sha-512', username: name },
      });
      const mount = container().volumeMounts.find((m: Doc) => data.KAFKA_SSL_CA_FILE.startsWith(`${m.mountPath}/`));
      const volume = podSpec('Deployment', name).volumes.find((v: Doc) => v.name === mount?.name);
      expect(volume?.secret.secretName).toBe('newsroom-kafka-cluster-ca-cert');
    });

    it('has a migration Job that runs its own main.js migrate', () => {
      expect(commandLine(migration())).toMatch(new RegExp(`dist/apps/${service}/src/main\\.js.*\\bmigrate\\b`));
      expect(resource('Job', `${name}-migrate`).spec.backoffLimit).toBeGreaterThan(0);
    });
  });
});
