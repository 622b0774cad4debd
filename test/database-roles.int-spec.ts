import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LOCAL_DATABASE_URL, SERVICE_NAMES, serviceRole, ServiceName } from '@newsroom/platform/config/service-config';

/** Connects to the test database the way a service does: as its own role. */
async function connectAs(service: ServiceName): Promise<Client> {
  const url = new URL(process.env.DATABASE_URL || LOCAL_DATABASE_URL);
  url.username = serviceRole(service);
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

const insertOutboxRow = (schema: string) =>
  `INSERT INTO "${schema}".outbox (event_id, topic, message_key, event_type, headers, payload)
   VALUES ('${randomUUID()}', 'newsroom.test', 'key', 'newsroom.test.v1', '{}', '{}') RETURNING id`;

describe('each service role', () => {
  const pairs = SERVICE_NAMES.flatMap((own) => SERVICE_NAMES.filter((other) => other !== own).map((other) => [own, other]));

  it.each(SERVICE_NAMES)('%s can write its own schema', async (service) => {
    const db = await connectAs(service);
    try {
      await db.query('BEGIN');
      const { rows } = await db.query(insertOutboxRow(service));
      expect(rows).toHaveLength(1);
      await db.query(`CREATE TABLE "${service}".role_probe (id int)`);
    } finally {
      await db.query('ROLLBACK');
      await db.end();
    }
  });

  it.each(pairs)('%s is refused on the %s schema', async (own, other) => {
    const db = await connectAs(own);
    try {
      await expect(db.query(`SELECT count(*) FROM "${other}".outbox`)).rejects.toMatchObject({
        code: '42501',
        message: `permission denied for schema ${other}`,
      });
      await expect(db.query(insertOutboxRow(other))).rejects.toMatchObject({ code: '42501' });
    } finally {
      await db.end();
    }
  });

  it.each(SERVICE_NAMES)('%s cannot create tables outside its schema', async (service) => {
    const db = await connectAs(service);
    try {
      await expect(db.query('CREATE TABLE public.role_probe (id int)')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await db.end();
    }
  });
});
