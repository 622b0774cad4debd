export * from './topics';
export * from './cloud-event';
export * from './stories/story';
export * from './events/event-contract';
export * from './events/draft-events';
export * from './events/review-events';
export * from './events/article-events';
export * from './ninjs/ninjs';
