// Writes each service's OpenAPI document to apps/console/openapi/<service>.json, the documents the
// console's typed client is generated from. Run by `npm run console:api`, which then generates the types.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApiDocument, startServiceApp } from '@newsroom/platform';
import { loadConfig } from '@newsroom/platform/config/service-config';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { publicationService } from '../apps/publication/src/publication.service';

export const CONSOLE_API_DIR = join(__dirname, '..', '..', 'apps', 'console', 'openapi');

async function main(): Promise<void> {
  mkdirSync(CONSOLE_API_DIR, { recursive: true });
  for (const definition of [ingestionService, editorialService, publicationService]) {
    // Built from the app's controllers: nothing listens and no consumer starts, but the app checks its database and broker.
    const config = loadConfig(definition.name, { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error' }, definition.settings ?? {});
    const app = await startServiceApp(definition, config);
    const document = buildApiDocument(app, definition.name);
    await app.close();
    writeFileSync(join(CONSOLE_API_DIR, `${definition.name}.json`), `${JSON.stringify(document, null, 2)}\n`);
    process.stderr.write(`newsroom: wrote apps/console/openapi/${definition.name}.json\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`newsroom: openapi documents: ${err.message}\n`);
  process.exit(1);
});
