import { Client } from 'pg';

/*
 * Database faults as an operator would cause them, through a superuser session on the test
 * database. Note that roles are cluster-wide: refusing a role's logins also affects any other
 * database on the same server where that role logs in (a `npm run stack` sharing the server).
 */

const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;

function checkedRole(role: string): string {
  // ALTER ROLE cannot take its name as a parameter; only plain role names are let into the statement.
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a plain Postgres role name`);
  return role;
}

async function asSuperuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const connectionString = process.env.DATABASE_URL;
  // No local default: terminating backends in whatever database a default names could hit a developer's stack.
  if (!connectionString) throw new Error('DATABASE_URL must name the test database');
  const client = new Client({ connectionString });
  // A server-side termination of this session must surface as a rejected query, not an unhandled 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function terminateWith(client: Client, role: string): Promise<number> {
  const { rows } = await client.query<{ terminated: number }>(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS terminated
       FROM pg_stat_activity
      WHERE usename = $1 AND datname = current_database() AND pid <> pg_backend_pid()`,
    [role],
  );
  return rows[0].terminated;
}

/** Kills every session `role` has in the test database, as a failover or an admin would; returns how many. */
export function terminateBackends(role: string): Promise<number> {
  return asSuperuser((client) => terminateWith(client, checkedRole(role)));
}

/**
 * The database refuses `role` for `ms`: its sessions are killed and new ones fail authentication,
 * as during a credentials rotation gone wrong. Logins come back even if something fails midway.
 */
export async function refuseLogins(role: string, ms: number): Promise<void> {
  const name = checkedRole(role);
  try {
    await asSuperuser(async (client) => {
      await client.query(`ALTER ROLE ${client.escapeIdentifier(name)} NOLOGIN`);
      // NOLOGIN stops new sessions only; the ones already open must go too.
      await terminateWith(client, name);
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    // A fresh session: the first one may be what failed.
    await restoreLogins([name]);
  }
}

/** Gives each role back its LOGIN; the spec's safety net, so that no failed run leaves a service locked out. */
export async function restoreLogins(roles: string[]): Promise<void> {
  const names = roles.map(checkedRole);
  let lastError: unknown;
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await asSuperuser(async (client) => {
        for (const name of names) await client.query(`ALTER ROLE ${client.escapeIdentifier(name)} LOGIN`);
      });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
  throw lastError;
}
