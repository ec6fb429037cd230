import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReportInputError, describeFsError } from './errors.js';

/**
 * Write one report file into `dir` (created when missing) and return its path. An unwritable directory or file
 * becomes a one-line ReportInputError naming the path.
 */
export function writeReport(dir: string, fileName: string, content: string): string {
  const target = path.join(dir, fileName);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(target, content);
  } catch (error) {
    throw new ReportInputError(`cannot write ${target}: ${describeFsError(error)}`);
  }
  return target;
}
