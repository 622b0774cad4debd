import { readFileSync } from 'node:fs';
import { KafkaConnectionOptions } from '@newsroom/messaging';
import { ConfigError, ServiceConfig } from '../config/service-config';

type KafkaSettings = Pick<
  ServiceConfig,
  | 'KAFKA_BROKERS'
  | 'KAFKA_CLIENT_ID'
  | 'KAFKA_SSL'
  | 'KAFKA_SSL_CA_FILE'
  | 'KAFKA_SASL_MECHANISM'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
>;

/** How the service reaches its brokers: plain on a laptop; TLS and SCRAM where the cluster asks for them. */
export function kafkaConnection(config: KafkaSettings, readFile = (path: string) => readFileSync(path, 'utf8')): KafkaConnectionOptions {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  // One setting's validity depends on the others here, which the per-variable schema cannot say.
  if (mechanism && (!username || !password)) {
    throw new ConfigError(`invalid configuration: KAFKA_SASL_MECHANISM ${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  }
  if (!mechanism && (username || password)) {
    throw new ConfigError('invalid configuration: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM');
  }
  if (config.KAFKA_SSL_CA_FILE && !config.KAFKA_SSL) {
    throw new ConfigError('invalid configuration: KAFKA_SSL_CA_FILE needs KAFKA_SSL=true');
  }
  let ssl: KafkaConnectionOptions['ssl'] = config.KAFKA_SSL;
  if (config.KAFKA_SSL_CA_FILE) {
    try {
      ssl = { ca: [readFile(config.KAFKA_SSL_CA_FILE)] };
    } catch (err) {
      throw new ConfigError(`invalid configuration: KAFKA_SSL_CA_FILE cannot be read (${(err as Error).message})`);
    }
  }
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    ...(ssl ? { ssl } : {}),
    ...(mechanism ? { sasl: { mechanism, username: username!, password: password! } } : {}),
  };
}
