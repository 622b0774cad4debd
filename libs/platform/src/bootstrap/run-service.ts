import 'reflect-metadata';
import helmet from '@fastify/helmet';
import { buildApiDocument } from '../http/api-docs/api-document';
import { ApiDocs } from '../http/api-docs/docs.controller';
import { COMPACTED_TOPICS, configureEventSources, deadLetterTopic } from '@newsroom/contracts';
import {
  checkBrokers,
  COMPACTED_TOPIC_CONFIG,
  DEAD_LETTER_TOPIC_CONFIG,
  kafkaEventServerFor,
  retainedTopicConfig,
} from '@newsroom/messaging';
import { DynamicModule, ModuleMetadata, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, ServiceConfig, ServiceName, ServiceSettings, TOPIC_SEGMENT_HOURS } from '../config/service-config';
import { dataSourceOptions, DatabaseDefinition } from '../database/data-source-options';
import { PlatformModule } from '../platform.module';
import { httpServerOptions, securityHeaders, corsOptions } from './http-server';
import { kafkaConnection } from './kafka-connection';
import { runDeadLetterCommand } from './dead-letter-command';
import { decodedText, TEXT_BODIES } from '../http/body-media';
import { boundedJsonParser } from '../http/json-body';
import { refuseUnsupportedMedia } from '../http/problem.framework';
import { measureHttp, serviceRegistry } from '../metrics/service-metrics';
import { traceHttp } from '../tracing/http-spans';
import { startTracing, Tracing, TracingSettingError } from '../tracing/tracing';

export interface ServiceDefinition {
  name: ServiceName;
  database: DatabaseDefinition;
  /** Topics the service writes; created at start-up when KAFKA_CREATE_TOPICS is true. */
  produces: readonly string[];
  /** Topics its consumer group reads; each has a dead-letter topic of this service's own. */
  consumes: readonly string[];
  /** The app's root module: its features; the platform (config, logs, database, Kafka, health) is added here. */
  module: Type;
  /** Settings of its own, read from the environment besides the base ones. */
  settings?: ServiceSettings;
}

export function serviceRootModule(
  definition: ServiceDefinition,
  config: ServiceConfig,
  metrics = serviceRegistry(definition.name),
): DynamicModule {
  return { module: definition.module, imports: [PlatformModule.forService(config, definition.database, definition.consumes, metrics)] };
}

/** A start-up failure the operator can fix; printed as one line naming the setting. */
class StartupError extends Error {}

function redactedUrl(config: ServiceConfig): string {
  const url = new URL(config.DATABASE_URL);
  return `${url.hostname}:${url.port || 5432}${url.pathname} as ${config.DATABASE_USER}`;
}

async function withDatabase<T>(config: ServiceConfig, definition: ServiceDefinition, work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = new DataSource(dataSourceOptions(config, definition.database));
  try {
    await db.initialize();
  } catch (err) {
    throw new StartupError(`cannot connect to PostgreSQL at DATABASE_URL (${redactedUrl(config)}): ${(err as Error).message}`);
  }
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function checkDatabase(config: ServiceConfig, definition: ServiceDefinition): Promise<void> {
  const pending = await withDatabase(config, definition, (db) => db.showMigrations());
  if (pending) throw new StartupError(`schema "${config.service}" has migrations not yet applied: run npm run migrate`);
}

async function checkKafka(config: ServiceConfig, definition: ServiceDefinition): Promise<void> {
  const retained = retainedTopicConfig(config.KAFKA_TOPIC_RETENTION_HOURS, TOPIC_SEGMENT_HOURS);
  const deadLetters = definition.consumes.map((topic) => ({
    topic: deadLetterTopic(topic, definition.name),
    config: DEAD_LETTER_TOPIC_CONFIG,
  }));
  const eventTopic = (topic: string) =>
    (COMPACTED_TOPICS as readonly string[]).includes(topic) ? { topic, config: COMPACTED_TOPIC_CONFIG } : { topic, config: retained };
  const produced = definition.produces.map(eventTopic);
  const topics = config.KAFKA_CREATE_TOPICS ? [...produced, ...definition.consumes.map(eventTopic), ...deadLetters] : undefined;
  const connection = kafkaConnection(config);
  const layout = { partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_TOPIC_REPLICATION_FACTOR };
  try {
    await checkBrokers(connection, topics, layout);
  } catch (err) {
    throw new StartupError(`cannot use Kafka at KAFKA_BROKERS (${config.KAFKA_BROKERS.join(',')}): ${(err as Error).message}`);
  }
}

async function migrate(config: ServiceConfig, definition: ServiceDefinition): Promise<void> {
  const applied = await withDatabase(config, definition, (db) => db.runMigrations({ transaction: 'each' }));
  const names = applied.map((migration) => migration.name).join(', ');
  process.stdout.write(`newsroom-${config.service}: ${applied.length ? `applied ${names}` : 'schema up to date'}\n`);
}

/**
 * Checks Postgres and Kafka, then starts the service's HTTP API and Kafka consumer; resolves
 * once both run. `extras` lets an in-process test add controllers, e.g. a probe handler.
 */
export async function startServiceApp(
  definition: ServiceDefinition,
  config: ServiceConfig,
  extras: Pick<ModuleMetadata, 'controllers' | 'providers'> = {},
): Promise<NestFastifyApplication> {
  configureEventSources({
    ingestion: config.EVENT_SOURCE_INGESTION,
    editorial: config.EVENT_SOURCE_EDITORIAL,
    publication: config.EVENT_SOURCE_PUBLICATION,
  });
  await checkDatabase(config, definition);
  await checkKafka(config, definition);

  const metrics = serviceRegistry(definition.name);
  const app = await NestFactory.create<NestFastifyApplication>(
    { ...serviceRootModule(definition, config, metrics), ...extras },
    new FastifyAdapter(httpServerOptions(config)),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', { bodyLimit: config.HTTP_BODY_LIMIT_BYTES }, boundedJsonParser(fastify));
  for (const media of TEXT_BODIES) app.useBodyParser(media.contentType, { bodyLimit: media.bodyLimit }, decodedText);
  await app.register(helmet, securityHeaders(config));
  if (config.CORS_ORIGINS.length) app.enableCors(corsOptions(config));
  // Beyond this many open sockets Node drops new ones at once, before they cost a parser or a timer.
  app.getHttpServer().maxConnections = config.HTTP_MAX_CONNECTIONS;
  fastify
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      done();
    })
    .addHook('onRequest', refuseUnsupportedMedia);
  measureHttp(fastify, metrics);
  traceHttp(fastify);
  app.connectMicroservice(
    {
      strategy: kafkaEventServerFor(app, { groupId: config.KAFKA_GROUP_ID, topics: definition.consumes, consumer: definition.name }),
    },
    { inheritAppConfig: true },
  );
  // Each step that can fail on a setting names that setting; the app is closed so nothing lingers.
  const step = async (work: () => Promise<unknown>, failure: (err: NodeJS.ErrnoException) => string) => {
    try {
      await work();
    } catch (err) {
      await app.close().catch(() => undefined);
      throw new StartupError(failure(err as NodeJS.ErrnoException));
    }
  };
  await step(
    () => app.init(),
    (err) => `initialisation failed: ${err.message}`,
  );
  // Generated from the routes Nest has now discovered, once: /docs/openapi.json serves it.
  await step(
    () => Promise.resolve(app.get(ApiDocs).publish(buildApiDocument(app, config.service))),
    (err) => `cannot document the HTTP API: ${err.message}`,
  );
  // HTTP first: joining the consumer group can take up to the session timeout after a crash (the
  // group waits for the dead member), and meanwhile health answers, with readiness at 503.
  await step(
    () => app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT }),
    (err) =>
      err.code === 'EADDRINUSE'
        ? `HTTP_PORT ${config.HTTP_PORT} is already in use on ${config.HTTP_HOST}`
        : `cannot listen on HTTP_HOST ${config.HTTP_HOST}, HTTP_PORT ${config.HTTP_PORT}: ${err.message}`,
  );
  await step(
    () => app.startAllMicroservices(),
    (err) => `cannot consume ${definition.consumes.join(', ')} from KAFKA_BROKERS (${config.KAFKA_BROKERS.join(',')}): ${err.message}`,
  );
  return app;
}

async function serve(config: ServiceConfig, definition: ServiceDefinition): Promise<void> {
  let tracing: Tracing | undefined;
  try {
    tracing = startTracing(definition.name);
  } catch (err) {
    throw err instanceof TracingSettingError ? new StartupError(err.message) : err;
  }
  const app = await startServiceApp(definition, config);
  const logger = app.get(Logger);
  // Whatever escapes a handler is named in the log before the process gives up; an orchestrator restarts it.
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.on(event, (err: unknown) => {
      logger.error({ err, msg: `${event}: the service stops` });
      process.exit(1);
    });
  }
  let draining = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (draining) return;
      draining = true;
      logger.log(`${signal} received: draining`);
      setTimeout(() => {
        logger.error(`shutdown took longer than SHUTDOWN_TIMEOUT_MS=${config.SHUTDOWN_TIMEOUT_MS}; exiting`);
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS).unref();
      // Nest closes in order: HTTP server, Kafka consumer (after in-flight handlers), producers, the pool.
      // The spans of the last events handled are exported before the process ends.
      app
        .close()
        .then(() => tracing?.shutdown())
        .then(
          () => {
            logger.log('stopped cleanly');
            process.exit(0);
          },
          (err: Error) => {
            logger.error(`shutdown failed: ${err.message}`);
            process.exit(1);
          },
        );
    });
  }
  logger.log(`newsroom-${config.service} listening on ${await app.getUrl()}`);
}

/** Entry point of every service: `main.js` serves, `main.js migrate` applies its schema's migrations. */
export async function runService(definition: ServiceDefinition, argv = process.argv.slice(2)): Promise<void> {
  const command = argv[0] ?? 'serve';
  try {
    const config = loadConfig(definition.name, process.env, definition.settings ?? {});
    if (command === 'migrate') await migrate(config, definition);
    else if (command === 'serve') await serve(config, definition);
    else if (command === 'dlq')
      await runDeadLetterCommand(config, definition.consumes, argv.slice(1), (line) => process.stdout.write(`${line}\n`));
    else throw new StartupError(`unknown command "${command}" (expected serve, migrate or dlq)`);
  } catch (err) {
    const known = err instanceof StartupError || err instanceof ConfigError;
    const message = known ? (err as Error).message : `failed to start: ${(err as Error).stack ?? String(err)}`;
    process.stderr.write(`newsroom-${definition.name}: ${message}\n`);
    process.exit(1);
  }
}
