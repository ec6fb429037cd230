import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { CAPABILITY_IDS } from '../../src/audit/scorecard.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('action bundle and metadata', () => {
  test('the committed dist/action is what scripts/build-action.mjs builds from the current sources', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'safeguard-bundle-'));
    const build = spawnSync(process.execPath, ['scripts/build-action.mjs', '--outdir', outdir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const committed = path.join(ROOT, 'dist/action');
    const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    expect(files(committed)).toEqual(files(outdir));
    for (const file of files(outdir).filter((f) => f.includes('.'))) {
      // Compare bytes; a mismatch means: run `npm run build:action` and commit dist/action.
      const same = readFileSync(path.join(outdir, file)).equals(readFileSync(path.join(committed, file)));
      expect(same, `dist/action/${file} is stale: run npm run build:action`).toBe(true);
    }
  });

  test('action.yml runs the bundle on node24 and declares every input the action reads', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    const source = readFileSync(path.join(ROOT, 'src/action/inputs.ts'), 'utf8');
    const read = [...source.matchAll(/(?:text|booleanInput)\('([a-z-]+)'/g)].map((m) => m[1]).sort();
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
  });

  test('action.yml declares the score and gate outputs and a score output per capability', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      outputs: Record<string, unknown>;
    };
    for (const name of ['score', 'gate', ...CAPABILITY_IDS.map((id) => `score-${id}`)]) {
      expect(action.outputs, name).toHaveProperty([name]);
    }
  });
});
