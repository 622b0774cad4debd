// Writes docs/asyncapi.yaml from libs/contracts and the services' definitions. Run by `npm run asyncapi`.
import { writeFileSync } from 'node:fs';
import { ASYNCAPI_FILE, asyncApiYaml } from './asyncapi-document';

writeFileSync(ASYNCAPI_FILE, asyncApiYaml());
process.stderr.write(`${ASYNCAPI_FILE} written\n`);
