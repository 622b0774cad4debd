import { Client } from 'pg';
import { SERVICE_NAMES, serviceRole } from '../config/service-config';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Creates, if missing, the database named in the admin URL, one login role per service and one
 * schema per service owned by that role. Safe to run again and from several processes at once.
 */
export async function provisionDatabase(adminUrl: string): Promise<void> {
  const url = new URL(adminUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const maintenanceUrl = new URL(adminUrl);
  maintenanceUrl.pathname = '/postgres';

  const maintenance = new Client({ connectionString: maintenanceUrl.toString() });
  await maintenance.connect();
  try {
    // Serialises concurrent set-ups: CREATE DATABASE and CREATE ROLE have no IF NOT EXISTS.
    await maintenance.query(`SELECT pg_advisory_lock(hashtext('newsroom-provision'))`);
    const exists = await maintenance.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await maintenance.query(`CREATE DATABASE ${quoteIdent(database)}`);
    for (const service of SERVICE_NAMES) {
      const role = serviceRole(service);
      const found = await maintenance.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (found.rowCount === 0) await maintenance.query(`CREATE ROLE ${quoteIdent(role)} LOGIN`);
    }

    const target = new Client({ connectionString: adminUrl });
    await target.connect();
    try {
      await target.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
      await target.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      for (const service of SERVICE_NAMES) {
        const role = quoteIdent(serviceRole(service));
        await target.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} TO ${role}`);
        await target.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(service)} AUTHORIZATION ${role}`);
        await target.query(`ALTER SCHEMA ${quoteIdent(service)} OWNER TO ${role}`);
        await target.query(`REVOKE ALL ON SCHEMA ${quoteIdent(service)} FROM PUBLIC`);
      }
    } finally {
      await target.end();
    }
  } finally {
    await maintenance.end();
  }
}
