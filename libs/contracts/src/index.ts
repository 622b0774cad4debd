export * from './topics';
export * from './cloud-event';
