import { createServer, Server, Socket } from 'node:net';
import { HealthIndicatorService } from '@nestjs/terminus';
import { logLevel } from 'kafkajs';
import { createKafka } from './kafka-connection';
import { KafkaHealthIndicator } from './kafka-health.indicator';

/** A real TCP listener on loopback that accepts and never answers: a broker that hangs. */
function silentBroker(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        close: () => new Promise((done) => (sockets.forEach((socket) => socket.destroy()), server.close(() => done()))),
      }),
    ),
  );
}

describe(KafkaHealthIndicator.name, () => {
  const quietKafka = (port: number) =>
    createKafka(
      { brokers: [`127.0.0.1:${port}`], clientId: 'health-spec' },
      // No retries: a check that outlives its deadline settles after one timeout, so close() is quick.
      { logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 2500, retry: { retries: 0 } },
    );

  it('reports Kafka down when no broker answers', async () => {
    // Port 1 on loopback refuses connections: a real unreachable broker, nothing mocked.
    const sut = new KafkaHealthIndicator(quietKafka(1), new HealthIndicatorService(), 1500);
    expect((await sut.isHealthy('kafka')).kafka.status).toBe('down');
    await sut.close();
  });

  it('reports Kafka down within its deadline when a broker accepts but never answers', async () => {
    const broker = await silentBroker();
    const sut = new KafkaHealthIndicator(quietKafka(broker.port), new HealthIndicatorService(), 1500);
    const startedAt = Date.now();

    try {
      const result = await sut.isHealthy('kafka');

      expect(result.kafka).toEqual({ status: 'down', message: 'no answer within 1500 ms' });
      expect(Date.now() - startedAt).toBeLessThan(2500);
    } finally {
      await sut.close();
      await broker.close();
    }
  });
});
