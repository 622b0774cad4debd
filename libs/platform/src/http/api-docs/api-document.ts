import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from '../../auth/access.decorators';
import { ANSWERS_DECLARED, ProblemDocument, problemResponse } from './api-answers';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** zod 4's own JSON Schema (2020-12, what OpenAPI 3.1 speaks), its named parts (`.meta({ id })`) as components. */
export function jsonSchemaOf(schema: unknown, { schemaType }: { schemaType: 'input' | 'output' }) {
  type Converted = Record<string, unknown> & { $defs?: Record<string, unknown> };
  let converted: Converted;
  if (schema instanceof z.ZodType) {
    converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io: schemaType, unrepresentable: 'any' });
  } else {
    // Another Standard Schema (an asynchronous check such as a draft's) that says what it takes.
    const standard = (schema as { '~standard'?: { jsonSchema?: Record<string, (options: { target: string }) => Converted> } })['~standard'];
    const convert = standard?.jsonSchema?.[schemaType];
    if (!convert) return undefined;
    converted = convert({ target: 'draft-2020-12' });
  }
  const { $defs, $schema: _dialect, ...root } = converted;
  return { schema: root, components: $defs ?? {} };
}

/** One route as Nest serves it: `GET /v1/drafts/{id}`, with the metadata its decorators left. */
export interface DeclaredRoute {
  method: string;
  /** OpenAPI's form: `/v1/drafts/{id}`. */
  path: string;
  controller: Type;
  handler: object;
  name: string;
}

const segments = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);
const joined = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`.replace(/:(\w+)/g, '{$1}');

/** Every route of the app, read from the controllers Nest discovered (as the router registers them). */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = new MetadataScanner();
  return discovery.getControllers().flatMap((wrapper) => {
    const controller = wrapper.metatype as Type | undefined;
    if (!controller) return [];
    const prototype = controller.prototype as Record<string, object>;
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      const own = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (own === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
      return segments(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
        segments(own).map((path) => ({ method, path: joined(base, path), controller, handler, name: `${controller.name}.${name}` })),
      );
    });
  });
}

/** The routes that declare no success answer (`@Answers`): the document would say nothing of what they return. */
export function undocumentedRoutes(routes: readonly DeclaredRoute[]): string[] {
  return routes
    .filter((route) => Reflect.getMetadata(ANSWERS_DECLARED, route.handler) !== true)
    .map((route) => `${route.name} (${route.method.toUpperCase()} ${route.path})`);
}

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

function takesInput(route: DeclaredRoute): { body: boolean; validated: boolean } {
  const args = Object.entries(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.name.split('.')[1]) ?? {}) as Record<string, RouteArg>,
  );
  const BODY: number = RouteParamtypes.BODY;
  const inputs: number[] = [RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM, RouteParamtypes.HEADERS];
  const kinds = args.map(([key, arg]) => ({ type: Number(key.split(':')[0]), arg }));
  const body = kinds.some(({ type }) => type === BODY);
  const validated = kinds.some(
    ({ type, arg }) => inputs.includes(type) && (arg.data !== undefined || (arg.pipes?.length ?? 0) > 0 || type === BODY),
  );
  return { body, validated };
}

/** Adds to each operation what its access and inputs imply: bearer security and roles, and the refusals every such route can give. */
function describeAccessAndRefusals(document: OpenAPIObject, routes: readonly DeclaredRoute[]): void {
  const reflector = new Reflector();
  for (const route of routes) {
    const operation = (document.paths[route.path] as Record<string, Operation> | undefined)?.[route.method];
    if (!operation) continue;
    const targets = [route.handler as () => void, route.controller];
    const roles = reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    const open = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
    const statuses: number[] = [429];
    if (open) {
      operation.security = [];
    } else {
      operation.security = [{ bearer: [] }];
      Object.assign(operation, { 'x-roles': roles ?? [] });
      operation.description = [operation.description, roles ? `Roles: ${roles.join(' or ')}.` : 'Any signed-in caller.']
        .filter(Boolean)
        .join('\n\n');
      statuses.push(401, ...(roles ? [403] : []));
    }
    const input = takesInput(route);
    if (input.validated || operation.parameters?.length) statuses.push(400);
    if (input.body) statuses.push(413, 415);
    if (/\{id(OrSlug)?\}/.test(route.path)) statuses.push(404);
    operation.responses ??= {};
    for (const status of statuses) operation.responses[String(status)] ??= problemResponse(status);
    // Whatever a decorator said (Terminus's 503 among them), the problem filter answers every refusal in problem+json.
    for (const [status, response] of Object.entries(operation.responses))
      if (Number(status) >= 400)
        operation.responses[status] = { ...problemResponse(Number(status)), ...response, content: problemResponse(Number(status)).content };
  }
}

/**
 * The service's OpenAPI 3.1 document, generated by @nestjs/swagger from the controllers' decorators:
 * the zod schemas that validate bodies, queries and path parameters, and those `@Answers` declares.
 */
export function buildApiDocument(app: INestApplication, service: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(`newsroom-${service}`)
    .setDescription(
      `The HTTP API of the Newsroom ${service} service. Every refusal is application/problem+json (RFC 9457). ` +
        'Signed-in routes take `Authorization: Bearer <JWT>` whose `roles` claim holds the roles an operation lists in `x-roles`.',
    )
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { standardSchemaConverter: jsonSchemaOf, autoTagControllers: true });
  const problem = jsonSchemaOf(ProblemDocument, { schemaType: 'output' })!;
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    ...(problem.components as Record<string, object>),
    Problem: problem.schema,
  };
  describeAccessAndRefusals(document, declaredRoutes(app));
  return document;
}
