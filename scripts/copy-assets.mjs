// Copies non-TypeScript assets that the compiled code reads at run time (templates, schemas) into lib/.
import { cpSync, existsSync } from 'node:fs';

const assets = [['src/report/templates', 'lib/report/templates']];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
