export * from './story';
export * from './draft';
