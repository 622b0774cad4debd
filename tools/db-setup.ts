// Creates the database, the service roles and their schemas (idempotent). Run by `npm run migrate`.
import { LOCAL_DATABASE_URL } from '@newsroom/platform/config/service-config';
import { provisionDatabase } from '@newsroom/platform/database/provision';

const adminUrl = process.env.DATABASE_URL || LOCAL_DATABASE_URL;

provisionDatabase(adminUrl).then(
  () => process.stdout.write(`newsroom: database ready at ${new URL(adminUrl).host}${new URL(adminUrl).pathname}\n`),
  (err: NodeJS.ErrnoException) => {
    const where = new URL(adminUrl).host;
    const hint = err.code === 'ECONNREFUSED' ? 'is PostgreSQL running? start it or set DATABASE_URL' : 'check DATABASE_URL';
    process.stderr.write(`newsroom: cannot set up PostgreSQL at ${where} (DATABASE_URL): ${err.message}; ${hint}\n`);
    process.exit(1);
  },
);
