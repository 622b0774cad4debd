import { isStoryId, noSuchStory } from '@newsroom/contracts';
import { Param, PipeTransform } from '@nestjs/common';

/** An id that is not a UUID names no story: a 404, as for any story not found, and never a database error. */
class StoryIdPipe implements PipeTransform<string, string> {
  transform(id: string): string {
    if (!isStoryId(id)) throw noSuchStory(`no story "${id}"`);
    return id;
  }
}

/** `@StoryIdParam() storyId: string`: the story named by the route's `:id`. */
export const StoryIdParam = (name = 'id'): ParameterDecorator => Param(name, new StoryIdPipe());
