import { validate } from '@readme/openapi-parser';
import { ApiDocs, declaredRoutes, DeclaredRoute, ServiceDefinition, signToken, startServiceApp, undocumentedRoutes } from '@newsroom/platform';
import { Controller, Get, INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { publicationService } from '../apps/publication/src/publication.service';
import { testConfig } from './support/test-env';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];
type Operation = { responses: Record<string, { content?: Record<string, { schema?: object }> }>; security?: object[]; 'x-roles'?: string[] };

const operationsOf = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ method, path, operation }] : [];
    }),
  );
const nestPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

describe.each([
  ['ingestion', ingestionService],
  ['editorial', editorialService],
  ['publication', publicationService],
] as [string, ServiceDefinition][])('the OpenAPI document of %s', (service, definition) => {
  const config = testConfig(definition);
  let app: NestFastifyApplication;
  let base: string;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await startServiceApp(definition, config);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    document = (await (await fetch(`${base}/docs/openapi.json`)).json()) as OpenAPIObject;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('dumps', () => {
    require('fs').writeFileSync(`/tmp/openapi-${service}.json`, JSON.stringify(document, null, 2));
  });
});
