import { Logger } from '@nestjs/common';
import { Kafka, KafkaConfig, logLevel, LogEntry, SASLOptions } from 'kafkajs';

/** The service's kafkajs client, as Nest provides it. */
export const KAFKA = Symbol('KAFKA');

export interface KafkaConnectionOptions {
  brokers: string[];
  /** Names this service to the broker (quotas, logs, `kafka-consumer-groups`). */
  clientId: string;
  /** TLS to the brokers: `true` trusts the system's CAs; `ca` names the PEM certificates to trust instead. */
  ssl?: boolean | { ca: string[] };
  /** SASL authentication, e.g. SCRAM-SHA-512 with the Strimzi KafkaUser's name and password. */
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain'; username: string; password: string };
}

const levelToMethod: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs writes its own console format by default; route it through the service's logger instead. */
function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...details } = log;
      logger[levelToMethod[level] ?? 'log']({ ...details, msg: message });
    };
}

/** The one place a kafkajs client is built, so that the client library can be swapped behind it. */
export function createKafka(options: KafkaConnectionOptions, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(),
    // kafkajs waits up to 30 s between retries by default; after a broker restart that is 30 s of
    // a consumer or producer idling for nothing. 5 s bounds the wait and keeps the log readable.
    retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 8 },
    ...overrides,
  });
}
