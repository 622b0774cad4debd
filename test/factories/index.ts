export * from './story';
export * from './draft';
export * from './review';
export * from './article-page';
export * from './wire-feed';
