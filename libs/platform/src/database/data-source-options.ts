import { DataSourceOptions, MixedList, MigrationInterface } from 'typeorm';
import { ServiceConfig } from '../config/service-config';

export interface DatabaseDefinition {
  // Listed explicitly rather than globbed, so that they survive any bundling of the build.
  entities: MixedList<Function>;
  migrations: (new () => MigrationInterface)[];
}

/** The service's own Postgres schema, reached as its own role; TypeORM never alters tables by itself. */
export function dataSourceOptions(config: ServiceConfig, database: DatabaseDefinition): DataSourceOptions {
  const url = new URL(config.DATABASE_URL);
  return {
    type: 'postgres',
    host: url.hostname,
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.slice(1)),
    username: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD ?? decodeURIComponent(url.password),
    ssl: url.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
    schema: config.service,
    migrationsTableName: 'migrations',
    entities: database.entities,
    migrations: database.migrations,
    synchronize: false,
    migrationsRun: false,
    applicationName: `newsroom-${config.service}`,
    connectTimeoutMS: 5000,
    poolSize: config.DATABASE_POOL_SIZE,
    // Raw SQL in migrations and queries resolves unqualified names in the service's schema only.
    extra: { options: `-c search_path=${config.service}` },
  };
}
