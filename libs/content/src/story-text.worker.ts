// What a StoryTextPool thread runs: piscina calls the export a task names.
export { cleanBody, measureStory } from './story-text';
