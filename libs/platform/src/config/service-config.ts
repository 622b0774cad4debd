import { z } from 'zod';
import { baseConfigSchema, DEVELOPMENT_JWT_SECRET, identityProblems, retentionProblems, ServiceName } from './base-config';

export * from './base-config';

/** A service's own settings, added to the base: a zod shape keyed by environment variable. */
export type ServiceSettings = z.ZodRawShape;

/** The running service's settings: the base ones, its own, and its name. */
export type ServiceConfig<S extends ServiceSettings = never> = z.output<ReturnType<typeof baseConfigSchema>> &
  ([S] extends [never] ? unknown : z.output<z.ZodObject<S>>) & { service: ServiceName };

function configSchema(service: ServiceName, production: boolean, settings: ServiceSettings) {
  return baseConfigSchema(service, production).extend(settings);
}

/** Every environment variable a service reads; its deployment files may set these and no others. */
export function configKeys(service: ServiceName, settings: ServiceSettings = {}): string[] {
  return Object.keys(configSchema(service, false, settings).shape);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function shown(key: string, value: string | undefined): string {
  if (value === undefined) return 'it is not set';
  if (key === 'DATABASE_PASSWORD' || key === 'NEWSROOM_JWT_SECRET') return 'got a value';
  return `got "${key === 'DATABASE_URL' ? value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : value}"`;
}

export function usesDevelopmentJwtSecret(config: Pick<ServiceConfig, 'NEWSROOM_JWT_SECRET'>): boolean {
  return config.NEWSROOM_JWT_SECRET === DEVELOPMENT_JWT_SECRET;
}

/** Reads and checks the service's settings; one ConfigError names every bad one. */
export function loadConfig(service: ServiceName, env?: NodeJS.ProcessEnv): ServiceConfig;
export function loadConfig<S extends ServiceSettings>(service: ServiceName, env: NodeJS.ProcessEnv, settings: S): ServiceConfig<S>;
export function loadConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env, settings: ServiceSettings = {}): ServiceConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const production = present.NODE_ENV === 'production';
  const result = configSchema(service, production, settings).safeParse(present);
  const issues = result.success
    ? [...identityProblems(result.data, production), ...retentionProblems(result.data)]
    : result.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        return { key, message: present[key] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message };
      });
  if (!result.success || issues.length > 0) {
    const problems = issues.map(({ key, message }) => `${key} ${message} (${shown(key, present[key])})`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return { ...result.data, service } as ServiceConfig;
}
