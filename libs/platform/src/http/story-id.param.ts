import { isStoryId, MAX_SLUG_LENGTH, noSuchStory, SLUG_PATTERN } from '@newsroom/contracts';
import { Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/** What a refusal may echo of a path parameter: short, and with no byte a log or a terminal could misread. */
const shown = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** An id that is not a UUID names no story: a 404, as for any story not found, and never a database error. */
class StoryIdPipe implements PipeTransform<string, string> {
  transform(id: string): string {
    if (!isStoryId(id)) throw noSuchStory(`no story ${shown(id)}`);
    return id;
  }
}

/** A story id or a slug; anything else (a NUL, a space, a 10,000-character name) names no story and never reaches the database. */
class StoryIdOrSlugPipe implements PipeTransform<string, string> {
  transform(idOrSlug: string): string {
    if (isStoryId(idOrSlug)) return idOrSlug;
    if (idOrSlug.length > MAX_SLUG_LENGTH || !SLUG_PATTERN.test(idOrSlug)) throw noSuchStory(`no story ${shown(idOrSlug)}`);
    return idOrSlug;
  }
}

/** The parameter, and what the OpenAPI document says of it (the route's method carries that). */
const described =
  (name: string, pipe: PipeTransform, schema: object, description: string): ParameterDecorator =>
  (target, key, index) => {
    Param(name, pipe)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name, required: true, description, schema })(target, key!, descriptor);
  };

/** `@StoryIdParam() storyId: string`: the story named by the route's `:id`. */
export const StoryIdParam = (name = 'id'): ParameterDecorator =>
  described(name, new StoryIdPipe(), { type: 'string', format: 'uuid' }, 'The story’s id');

/** `@StoryIdOrSlugParam() idOrSlug: string`: the story named by its id or its slug in the route's `:idOrSlug`. */
export const StoryIdOrSlugParam = (name = 'idOrSlug'): ParameterDecorator =>
  described(
    name,
    new StoryIdOrSlugPipe(),
    { type: 'string', maxLength: MAX_SLUG_LENGTH, pattern: `${SLUG_PATTERN.source}|^[0-9a-f-]{36}$` },
    'The story’s id or its slug',
  );
