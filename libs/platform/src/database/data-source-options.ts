import { Client, ClientConfig } from 'pg';
import { DataSourceOptions, MigrationInterface } from 'typeorm';
import { ServiceConfig } from '../config/service-config';

export interface DatabaseDefinition {
  // Listed explicitly rather than globbed, so that they survive any bundling of the build.
  entities: DataSourceOptions['entities'];
  migrations: (new () => MigrationInterface)[];
}

/** How a service reaches Postgres: as its own role, with unqualified names resolving in its own schema only. */
export function pgClientConfig(config: ServiceConfig, purpose?: string): ClientConfig {
  const url = new URL(config.DATABASE_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD ?? decodeURIComponent(url.password),
    ssl: url.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
    application_name: purpose ? `newsroom-${config.service}-${purpose}` : `newsroom-${config.service}`,
    connectionTimeoutMillis: 5000,
    options: `-c search_path=${config.service}`,
  };
}

/**
 * A pool connection that is never without an 'error' listener. pg-pool hands a new connection to
 * TypeORM while still parsing the packet that made it ready; TypeORM listens for its errors one
 * microtask later. A backend terminated at that moment sends its FATAL in the same read, and an
 * 'error' event nobody listens to stopped the whole service (seen under pg_terminate_backend). The
 * failure still reaches whoever uses the connection next: it is no longer queryable.
 */
export class ListenedClient extends Client {
  constructor(config?: ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** The service's own Postgres schema through TypeORM, which never alters tables by itself. */
export function dataSourceOptions(config: ServiceConfig, database: DatabaseDefinition): DataSourceOptions {
  const client = pgClientConfig(config);
  return {
    type: 'postgres',
    host: client.host,
    port: client.port,
    database: client.database,
    username: client.user,
    password: client.password as string | undefined,
    ssl: client.ssl ? { rejectUnauthorized: false } : undefined,
    schema: config.service,
    migrationsTableName: 'migrations',
    entities: database.entities,
    migrations: database.migrations,
    synchronize: false,
    migrationsRun: false,
    applicationName: client.application_name,
    connectTimeoutMS: client.connectionTimeoutMillis,
    poolSize: config.DATABASE_POOL_SIZE,
    extra: { options: client.options, keepAlive: true, Client: ListenedClient },
  };
}
