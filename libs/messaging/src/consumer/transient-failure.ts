/**
 * Whether work that failed may succeed on a later try without anyone changing its input: the
 * database was unreachable, refused the login, was restarting, or gave up on a lock or a
 * serialisation conflict. A consumer retries such failures until they pass and an HTTP request
 * answers 503 with Retry-After. Anything else (a constraint the data breaks, a bug) would fail the
 * same way every time: a consumer retries it a few times, then dead-letters the event, so that one
 * event cannot hold back every story behind it on its partition.
 */
export function isTransientFailure(error: unknown): boolean {
  return causes(error).some(
    (cause) =>
      transientSqlState(cause.code) ||
      transientNetworkCode(cause.code) ||
      transientMessages.some((pattern) => pattern.test(cause.message ?? '')),
  );
}

// SQLSTATE classes: 08 connection exception, 28 invalid authorisation (a role locked out for a
// while), 40 transaction rollback (serialisation, deadlock), 53 insufficient resources (too many
// connections, disk full), 57 operator intervention (admin shutdown, cannot connect now, query
// cancelled, statement timeout), 58 system error.
const transientClasses = new Set(['08', '28', '40', '53', '57', '58']);
// 55P03 lock not available (lock_timeout), 55006 object in use.
const transientStates = new Set(['55P03', '55006']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres reports a dropped or unobtainable connection with these messages and no code; TypeORM
// gives back a transaction's connection that failed between two of its queries, and the next one says so.
const transientMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error/i,
  /Connection is not established/i,
  /Query runner already released/i,
];

interface Cause {
  code?: unknown;
  message?: string;
}

function transientSqlState(code: unknown): boolean {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (transientClasses.has(code.slice(0, 2)) || transientStates.has(code));
}

function transientNetworkCode(code: unknown): boolean {
  return typeof code === 'string' && networkCodes.has(code);
}

/** The error and what it wraps: TypeORM keeps the driver's error in `driverError`, others in `cause`. */
function causes(error: unknown): Cause[] {
  const found: Cause[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && found.length < 5) {
    found.push(current);
    const next = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
    if (next === current) break;
    current = next;
  }
  return found;
}
