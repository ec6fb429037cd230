// Writes docs/serve-config.schema.json, the JSON Schema of the `safeguard serve --config` file, from its zod
// definition (src/runtime/config/serve-config.ts). Run after `npm run build`; test/runtime/serve-config-json-schema
// fails while the published file is not the one this writes.
import { writeFileSync } from 'node:fs';
import prettier from 'prettier';
import { serveConfigJsonSchema } from '../lib/runtime/config/serve-config-json-schema.js';

const file = 'docs/serve-config.schema.json';
const options = { ...(await prettier.resolveConfig(file)), filepath: file };
writeFileSync(file, await prettier.format(JSON.stringify(serveConfigJsonSchema()), options));
console.log(`wrote ${file}`);
