import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LineBatchFile } from '../../../src/runtime/observability/line-batch-file.js';

const dir = mkdtempSync(join(tmpdir(), 'safeguard-log-'));
let n = 0;
const newPath = () => join(dir, `log-${++n}.jsonl`);
const line = (i: number) => `{"event":"tool_invoked","n":${i}}\n`;

afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('log lines appended to a file in batches', () => {
  it('holds lines until about 4 KiB are pending, then writes them all, in order', () => {
    const path = newPath();
    const file = new LineBatchFile(openSync(path, 'a'));
    const lines = Array.from({ length: 200 }, (_, i) => line(i));
    let written = 0;
    for (const l of lines) {
      file.write(l);
      written += l.length;
      if (written < 4096) expect(readFileSync(path, 'utf8')).toBe('');
    }
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk.length).toBeGreaterThanOrEqual(4096);
    expect(lines.join('').startsWith(onDisk)).toBe(true);
    file.flushSync();
    expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
  });

  it('writes what is pending at least once a second', () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    const path = newPath();
    const file = new LineBatchFile(openSync(path, 'a'));
    file.write(line(1));
    expect(readFileSync(path, 'utf8')).toBe('');
    vi.advanceTimersByTime(1000);
    expect(readFileSync(path, 'utf8')).toBe(line(1));
  });

  it('keeps non-ASCII text intact', () => {
    const path = newPath();
    const file = new LineBatchFile(openSync(path, 'a'));
    file.write('{"tool":"résumé ✓ 日本"}\n');
    file.flush();
    expect(readFileSync(path, 'utf8')).toBe('{"tool":"résumé ✓ 日本"}\n');
  });

  it('writes a line longer than its buffer whole, after the lines before it', () => {
    const path = newPath();
    const file = new LineBatchFile(openSync(path, 'a'));
    const long = `{"tool":"${'é'.repeat(20_000)}"}\n`;
    file.write(line(1));
    file.write(long);
    file.write(line(2));
    file.flushSync();
    expect(readFileSync(path, 'utf8')).toBe(line(1) + long + line(2));
  });

  it('warns once and carries on when the file cannot be written', async () => {
    const path = newPath();
    writeFileSync(path, '');
    const file = new LineBatchFile(openSync(path, 'r'));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      file.write(line(1));
      expect(() => file.flushSync()).not.toThrow();
      file.write(line(2));
      file.flushSync();
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^mcp-safeguard: log lines could not be written: .*EBADF/);
  });

  it('writes the last lines when the process exits normally (a real process, via the event logger)', () => {
    const path = newPath();
    // The built module (npm test builds first), as `safeguard serve` runs it.
    const logger = new URL('../../../lib/runtime/observability/logger.js', import.meta.url).href;
    execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const { createEventLogger } = await import(${JSON.stringify(logger)});
       createEventLogger({ destination: ${JSON.stringify(path)} }).info({ event: 'last_words' });
       process.exit(0);`,
    ]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ level: 'INFO', event: 'last_words' });
  });
});
