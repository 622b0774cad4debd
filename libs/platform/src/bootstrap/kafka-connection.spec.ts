import { ConfigError } from '../config/service-config';
import { kafkaConnection } from './kafka-connection';

describe(kafkaConnection.name, () => {
  const local = { KAFKA_BROKERS: ['127.0.0.1:9092'], KAFKA_CLIENT_ID: 'newsroom-editorial', KAFKA_SSL: false };

  it('connects in plain text with neither TLS nor SASL by default', () => {
    expect(kafkaConnection(local)).toEqual({ brokers: ['127.0.0.1:9092'], clientId: 'newsroom-editorial' });
  });

  it("authenticates with SCRAM-SHA-512 over TLS, trusting the cluster's CA file", () => {
    const sut = kafkaConnection(
      {
        ...local,
        KAFKA_SSL: true,
        KAFKA_SSL_CA_FILE: '/etc/kafka-ca/ca.crt',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'newsroom-editorial',
        KAFKA_SASL_PASSWORD: 's3cret',
      },
      (path) => `PEM from ${path}`,
    );
    expect(sut.ssl).toEqual({ ca: ['PEM from /etc/kafka-ca/ca.crt'] });
    expect(sut.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'newsroom-editorial', password: 's3cret' });
  });

  it('refuses a mechanism without credentials, credentials without a mechanism, and an unreadable CA file', () => {
    expect(() => kafkaConnection({ ...local, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      /KAFKA_SASL_MECHANISM scram-sha-512 needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    );
    expect(() => kafkaConnection({ ...local, KAFKA_SASL_PASSWORD: 'p' })).toThrow(/need KAFKA_SASL_MECHANISM/);
    const unreadable = () => {
      throw new Error('ENOENT: no such file');
    };
    expect(() => kafkaConnection({ ...local, KAFKA_SSL: true, KAFKA_SSL_CA_FILE: '/nope' }, unreadable)).toThrow(ConfigError);
    expect(() => kafkaConnection({ ...local, KAFKA_SSL_CA_FILE: '/nope' })).toThrow(/needs KAFKA_SSL=true/);
  });
});
