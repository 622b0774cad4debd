// Prints a signed bearer token for calling the services by hand. Run by `npm run token`.
import { parseArgs } from 'node:util';
import { NEWSROOM_ROLES, Role } from '@newsroom/platform/auth/principal';
import { signToken } from '@newsroom/platform/auth/token';
import { DEVELOPMENT_JWT_SECRET } from '@newsroom/platform/config/service-config';

const USAGE = 'usage: npm run -s token -- --sub alice --name "Alice Martin" --roles journalist,editor [--expires 8h]';

function rolesFrom(list: string): Role[] {
  const roles = list.split(',').map((role) => role.trim());
  const unknown = roles.find((role) => !(NEWSROOM_ROLES as readonly string[]).includes(role));
  if (unknown !== undefined) throw new Error(`unknown role "${unknown}" (roles: ${NEWSROOM_ROLES.join(', ')})`);
  return roles as Role[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sub: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, expires: { type: 'string', default: '8h' } },
    strict: true,
    allowPositionals: false,
  });
  const { sub, name, roles, expires } = values;
  if (!sub || !name || !roles) throw new Error(`--sub, --name and --roles are required; ${USAGE}`);
  if (!/^\d+[smhd]$/.test(expires)) throw new Error('--expires must be a number with s, m, h or d, e.g. 30m or 8h');
  // The services' own default, so that a token for `npm run stack` needs no setting.
  const secret = process.env.NEWSROOM_JWT_SECRET || DEVELOPMENT_JWT_SECRET;
  if (secret.length < 32) throw new Error('NEWSROOM_JWT_SECRET must be at least 32 characters');
  process.stdout.write(`${await signToken({ sub, name, roles: rolesFrom(roles) }, secret, expires)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`newsroom: token: ${err.message}\n`);
  process.exit(1);
});
