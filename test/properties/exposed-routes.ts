import { INestApplication } from '@nestjs/common';
import { declaredRoutes } from '@newsroom/platform';

export interface ExposedRoute {
  service: string;
  method: string;
  /** As declared, e.g. `/v1/reviews/:id/approve`. */
  path: string;
  params: string[];
}

/**
 * Every route an app serves, read from the controllers Nest discovered in it (as its OpenAPI
 * document is), so that a route added later is fuzzed without editing the suite. `ALL` routes are tried with the common verbs.
 */
export function exposedRoutes(service: string, app: INestApplication): ExposedRoute[] {
  return declaredRoutes(app).flatMap((route) => {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    const params = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]);
    const verbs = route.method === 'all' ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [route.method.toUpperCase()];
    return verbs.map((method) => ({ service, method, path, params }));
  });
}

export const routeName = (route: Pick<ExposedRoute, 'service' | 'method' | 'path'>) => `${route.service} ${route.method} ${route.path}`;
