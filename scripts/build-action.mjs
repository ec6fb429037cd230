// Bundles the GitHub Action (src/action/index.ts and everything it imports, ts-morph included) into one ESM file,
// dist/action/index.js, which action.yml runs with the runner's Node. The bundle is committed because an action
// runs from the repository as checked out, without `npm install`; test/action checks it is current.
//
// Usage: node scripts/build-action.mjs [--outdir DIR]   (default dist/action)
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist/action' } } });
const outdir = values.outdir;

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: ['src/action/index.ts'],
  outfile: path.join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies (typescript, @actions/core) use require(), __filename and __dirname, which ESM lacks.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join('\n'),
  },
  // Licence comments of bundled packages are kept in one file beside the bundle.
  legalComments: 'linked',
  minify: true,
  logLevel: 'warning',
});
// The Markdown renderer reads its templates beside the module that imports them: here, beside the bundle.
cpSync('src/report/templates', path.join(outdir, 'templates'), { recursive: true });
