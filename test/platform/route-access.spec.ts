import { Controller, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
// Here rather than beside the audit: its fixtures are the mixed controllers the project refuses everywhere else.
import { Public, Roles, routesPublicAndRoleChecked } from '@newsroom/platform';

@Public()
@Controller('v1/articles')
class ReadingRoutes {
  @Get()
  list() {}

  // An editors' route slipped into the public controller: open to anyone unless refused.
  @Post(':id/kill')
  @Roles('editor')
  kill() {}
}

@Roles('editor')
@Controller('v1/desk')
class DeskRoutes {
  @Post(':id/correct')
  correct() {}

  @Get('front-page')
  @Public()
  frontPage() {}

  helper() {}
}

@Controller('v1/drafts')
class WellKeptRoutes {
  @Get()
  @Public()
  feed() {}

  @Post()
  @Roles('journalist')
  submit() {}
}

describe(routesPublicAndRoleChecked.name, () => {
  const reflector = new Reflector();

  it('names every route that is public and role-checked, whichever of the two sits on the controller', () => {
    expect(routesPublicAndRoleChecked(reflector, [ReadingRoutes, DeskRoutes])).toEqual(['ReadingRoutes.kill', 'DeskRoutes.frontPage']);
  });

  it('passes controllers whose routes are each one or the other, and ignores methods that are not routes', () => {
    expect(routesPublicAndRoleChecked(reflector, [WellKeptRoutes])).toEqual([]);
  });
});
