import type { Pool } from 'pg';
import type { DrivenStory } from './story-driver';

/** Pino's numeric levels: warn and above are what an on-call engineer reads first. */
const WARNING = /"level":(4|5|6)0\b/;
const LINES_PER_SERVICE = 25;

/**
 * What a scenario that went wrong leaves to read, printed before its expectations fail: why the
 * stories failed, what each service warned about since the scenario began, and which database
 * sessions are busy or stuck in a transaction. CI keeps only the output, not the stack's logs.
 */
export async function troubleReport(
  scenario: string,
  stories: DrivenStory[],
  logs: Record<string, string>,
  exits: unknown[],
  pool: Pool,
): Promise<string> {
  const reasons = new Map<string, number>();
  for (const story of stories.filter((one) => one.outcome === 'failed')) {
    const reason = (story.failure ?? 'no reason').slice(0, 160);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const sessions = await pool
    .query<{ line: string }>(
      `SELECT format('%s %s %s for %s s: %s', usename, application_name, state,
                     round(extract(epoch FROM now() - state_change)::numeric, 1), left(query, 120)) AS line
         FROM pg_stat_activity
        WHERE datname = current_database() AND usename LIKE 'newsroom\\_%' AND state <> 'idle'`,
    )
    .then(
      ({ rows }) => rows.map((row) => row.line),
      (err: Error) => [`(pg_stat_activity unreadable: ${err.message})`],
    );
  const parts = [
    `--- trouble in "${scenario}" ---`,
    'failed stories:',
    ...[...reasons].map(([reason, count]) => `  ${count} × ${reason}`),
    `services that exited on their own: ${exits.length === 0 ? 'none' : JSON.stringify(exits)}`,
    'busy database sessions:',
    ...sessions.map((line) => `  ${line}`),
  ];
  for (const [service, log] of Object.entries(logs)) {
    const warnings = log.split('\n').filter((line) => WARNING.test(line));
    parts.push(`${service}: ${warnings.length} warnings or errors, the last ${Math.min(warnings.length, LINES_PER_SERVICE)}:`);
    // Errors whole (their stacks say where), warnings cut short.
    parts.push(...warnings.slice(-LINES_PER_SERVICE).map((line) => `  ${line.slice(0, /"level":[56]0/.test(line) ? 4000 : 400)}`));
  }
  return `${parts.join('\n')}\n--- end of trouble ---\n`;
}
