export * from './kafka-connection';
export * from './topic-admin';
export * from './event-publisher';
export * from './kafka-event.server';
export * from './kafka-health.indicator';
export * from './messaging.module';
export * from './messaging-tables';
