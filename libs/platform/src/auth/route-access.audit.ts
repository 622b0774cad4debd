import { Injectable, OnModuleInit, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './access.decorators';

/**
 * The routes that are @Public() and also under @Roles(), on the method or on its controller.
 * The access guard lets a public route through before it reads roles, so such a route would be
 * open to anyone: a route is public or role-checked, never both.
 */
export function routesPublicAndRoleChecked(reflector: Reflector, controllers: readonly Type[]): string[] {
  const scanner = new MetadataScanner();
  return controllers.flatMap((controller) =>
    scanner
      .getAllMethodNames(controller.prototype as object)
      .filter((name) => {
        const handler = (controller.prototype as Record<string, unknown>)[name] as () => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) return false;
        const targets = [handler, controller];
        return (
          reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) && reflector.getAllAndOverride(REQUIRED_ROLES, targets) !== undefined
        );
      })
      .map((name) => `${controller.name}.${name}`),
  );
}

/** Refuses to start an app with a route that is both public and role-checked. */
@Injectable()
export class RouteAccessAudit implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const controllers = this.discovery.getControllers().flatMap((wrapper) => (wrapper.metatype ? [wrapper.metatype as Type] : []));
    const mixed = routesPublicAndRoleChecked(this.reflector, controllers);
    if (mixed.length > 0) {
      throw new Error(
        `${mixed.join(', ')}: a route is @Public() or @Roles(), never both (a public route skips the role check); put it in a controller of its own`,
      );
    }
  }
}
