import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Injectable, Param, Res } from '@nestjs/common';
import { ApiTags, OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { ProblemException } from '../problem.exception';
import { Answers, Refuses } from './api-answers';

/** The document, once the app has built it (after Nest has discovered every controller). */
@Injectable()
export class ApiDocs {
  document?: OpenAPIObject;
  /** The document as it is sent, serialised once. */
  json?: Buffer;

  publish(document: OpenAPIObject): void {
    this.document = document;
    this.json = Buffer.from(JSON.stringify(document));
  }
}

// The page's own files: Swagger UI's bundle and style, and a script that points it at the document (no inline script).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const uiFiles = (require('swagger-ui-dist/absolute-path.js') as () => string)();
// Kept as bytes: a 1.5 MB string would be encoded anew for every request, and its garbage collected.
const asset = (name: string) => readFileSync(join(uiFiles, name));
const INIT = Buffer.from(`window.ui = SwaggerUIBundle({ url: './docs/openapi.json', dom_id: '#api', deepLinking: true });\n`);
const PAGE = Buffer.from(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Newsroom API</title><link rel="stylesheet" href="docs/ui/swagger-ui.css"></head>
<body><div id="api"></div><script src="docs/ui/swagger-ui-bundle.js"></script><script src="docs/ui/init.js"></script></body>
</html>
`);
const UI_FILES: Record<string, { type: string; body: Buffer }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', body: asset('swagger-ui.css') },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', body: asset('swagger-ui-bundle.js') },
  'init.js': { type: 'text/javascript; charset=utf-8', body: INIT },
};
/** The page loads its scripts and styles from here and nowhere else; Swagger UI sets inline styles and shows data: images. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** `/docs/openapi.json` (the OpenAPI 3.1 document) and `/docs` (Swagger UI over it): public, as the API's shape is no secret. */
@Public()
@ApiTags('docs')
@Controller('docs')
export class DocsController {
  constructor(private readonly docs: ApiDocs) {}

  @Get('openapi.json')
  @Answers(200, null, { description: 'This document' })
  @Refuses(503)
  openapi(@Res() reply: FastifyReply): FastifyReply {
    if (!this.docs.json) throw new ProblemException({ status: 503, detail: 'The API document is being built; try again in a moment.' });
    return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(this.docs.json);
  }

  @Get()
  @Answers(200, null, { description: 'Swagger UI over this document', media: ['text/html'] })
  page(@Res() reply: FastifyReply): FastifyReply {
    return this.send(reply, 'text/html; charset=utf-8', PAGE).header('content-security-policy', PAGE_POLICY);
  }

  /** The page's files, behind one route: any other name is a 404 (and costs nothing). */
  @Get('ui/:file')
  @Answers(200, null, {
    description: 'One of the page’s files: `swagger-ui.css`, `swagger-ui-bundle.js`, `init.js`',
    media: ['text/css', 'text/javascript'],
  })
  @Refuses(404)
  file(@Param('file') file: string, @Res() reply: FastifyReply): FastifyReply {
    const found = Object.hasOwn(UI_FILES, file) ? UI_FILES[file] : undefined;
    if (!found) throw new ProblemException({ status: 404, detail: 'The documentation page has no such file.' });
    return this.send(reply, found.type, found.body);
  }

  private send(reply: FastifyReply, type: string, body: Buffer): FastifyReply {
    return reply.header('content-type', type).header('cache-control', 'public, max-age=3600').send(body);
  }
}
