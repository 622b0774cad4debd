import { parseArgs } from 'node:util';
import { DeadLetter, DeadLetterDesk, DeadLetterFilter } from '@newsroom/messaging';
import { ConfigError, ServiceConfig } from '../config/service-config';
import { pgClientConfig } from '../database/data-source-options';
import { kafkaConnection } from './kafka-connection';

export const DEAD_LETTER_USAGE = `usage: dlq list [--all] [filters]
       dlq show <id>
       dlq replay <id>... | --matching [filters]   [--because <text>]
       dlq discard <id>... | --matching [filters]  --because <text>
filters: --reason <text> (part of the dead-letter reason)  --type <ce_type>  --subject <story id>`;

type Write = (line: string) => void;

/** A letter as an operator reads it: headers as text, the event's JSON as it was sent. */
function shown(letter: DeadLetter) {
  const headers = Object.fromEntries(Object.entries(letter.headers).map(([name, value]) => [name, value?.toString()]));
  return {
    id: letter.id,
    topic: letter.topic,
    reason: letter.reason,
    deadLetteredAt: letter.deadLetteredAt,
    decision: letter.decision ?? null,
    key: letter.key?.toString() ?? null,
    headers,
    value: letter.value?.toString('utf8') ?? null,
  };
}

function line(letter: DeadLetter): string {
  const decided = letter.decision ? `${letter.decision.decision}: ${letter.decision.reason}` : 'pending';
  return [letter.id, letter.eventType ?? '-', letter.subject ?? '-', decided, letter.reason].join('\t');
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: 'boolean' },
      matching: { type: 'boolean' },
      reason: { type: 'string' },
      type: { type: 'string' },
      subject: { type: 'string' },
      because: { type: 'string' },
    },
  });
  const [action, ...ids] = positionals;
  const filter: DeadLetterFilter = ids.length
    ? { ids }
    : { reason: values.reason, eventType: values.type, subject: values.subject, includeDecided: values.all };
  return { action, ids, filter, matching: values.matching === true, because: values.because };
}

/**
 * `main.js dlq …`: lists, shows, replays or discards this service's dead letters. Replaying sends a
 * letter back to the topic it was consumed from, where the consumer's inbox skips it if it was applied.
 */
export async function runDeadLetterCommand(
  config: ServiceConfig,
  consumes: readonly string[],
  argv: string[],
  write: Write,
): Promise<void> {
  let request: ReturnType<typeof parse>;
  try {
    request = parse(argv);
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n${DEAD_LETTER_USAGE}`);
  }
  const { action, ids, filter, matching, because } = request;
  if (!['list', 'show', 'replay', 'discard'].includes(action ?? '')) throw new ConfigError(DEAD_LETTER_USAGE);
  if (action === 'show' && ids.length !== 1) throw new ConfigError(`dlq show takes one id\n${DEAD_LETTER_USAGE}`);
  if ((action === 'replay' || action === 'discard') && ids.length === 0 && !matching) {
    throw new ConfigError(`dlq ${action} needs ids, or --matching to take every pending letter the filters select\n${DEAD_LETTER_USAGE}`);
  }
  if (action === 'discard' && !because?.trim()) throw new ConfigError(`dlq discard needs --because <text>, recorded with the decision`);

  const desk = new DeadLetterDesk({
    connection: kafkaConnection(config),
    database: pgClientConfig(config, 'dlq'),
    schema: config.service,
    consumer: config.service,
    topics: consumes,
    consumerGroup: config.KAFKA_GROUP_ID,
    groupId: `${config.KAFKA_GROUP_ID}-dlq`,
    inboxRetentionHours: config.INBOX_RETENTION_HOURS,
  });
  try {
    if (action === 'list') {
      const letters = await desk.list(filter);
      for (const letter of letters) write(line(letter));
      write(`${letters.length} dead letter(s)`);
    } else if (action === 'show') {
      const [letter] = await desk.list(filter);
      if (!letter) throw new ConfigError(`no dead letter ${ids[0]}`);
      write(JSON.stringify(shown(letter), null, 2));
    } else {
      const done = action === 'replay' ? await desk.replay(filter, because) : await desk.discard(filter, because!);
      for (const letter of done) write(`${action === 'replay' ? 'replayed' : 'discarded'}\t${line(letter)}`);
      const missing = ids.filter((id) => !done.some((letter) => letter.id === id));
      if (missing.length) throw new ConfigError(`no dead letter ${missing.join(', ')}`);
      write(`${done.length} dead letter(s) ${action === 'replay' ? 'replayed' : 'discarded'}`);
    }
  } finally {
    await desk.close();
  }
}
