import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

export interface ExposedRoute {
  service: string;
  method: string;
  /** As declared, e.g. `/v1/reviews/:id/approve`. */
  path: string;
  params: string[];
}

const paths = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);
const join = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every route an app serves, read from the controllers Nest discovered in it, so that a route
 * added later is fuzzed without editing the suite. `ALL` routes are tried with the common verbs.
 */
export function exposedRoutes(service: string, app: INestApplication): ExposedRoute[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = new MetadataScanner();
  const routes: ExposedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | undefined;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (methodPaths === undefined) continue;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const verbs = verb === RequestMethod.ALL ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [RequestMethod[verb]];
      for (const base of paths(Reflect.getMetadata(PATH_METADATA, controller)))
        for (const own of paths(methodPaths))
          for (const method of verbs) {
            const path = join(base, own);
            routes.push({ service, method, path, params: [...path.matchAll(/:(\w+)/g)].map((match) => match[1]) });
          }
    }
  }
  return routes;
}

export const routeName = (route: Pick<ExposedRoute, 'service' | 'method' | 'path'>) => `${route.service} ${route.method} ${route.path}`;
