import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReportInputError, describeFsError } from './errors.js';
import { checkReportFile, checkReportFolder } from './report-target.js';

/** One rendered report: its file name in the report folder and its text. */
export interface ReportFile {
  name: string;
  content: string;
}

/**
 * Writes every report into `dir` or none, and returns their paths. Each is written to a staging folder first and
 * only then renamed into place, so a failure leaves the folder as it was, and an existing file is replaced whole,
 * never written through. A symbolic link, a directory or a read-only file at a report's path, or a `dir` that is a
 * link, is refused before anything is written, as a one-line ReportInputError naming the path.
 */
export function writeReports(dir: string, files: readonly ReportFile[]): string[] {
  const targets = files.map((file) => path.join(dir, file.name));
  // Files first: under a `dir` that is a file, the message names the report the user asked for.
  targets.forEach(checkReportFile);
  checkReportFolder(dir);
  // A new folder is staged beside it and renamed whole; an existing one stages inside itself, on the same file
  // system as its reports (a rename cannot cross one) and without writing outside the folder the user named.
  const exists = existsSync(dir);
  const staging = path.join(exists ? dir : path.dirname(dir), `.safeguard-${randomUUID()}.tmp`);
  let staged = false;
  try {
    mkdirSync(path.dirname(staging), { recursive: true });
    mkdirSync(staging);
    staged = true;
    for (const file of files) writeFileSync(path.join(staging, file.name), file.content, { flag: 'wx' });
    if (exists) {
      for (const file of files) renameSync(path.join(staging, file.name), path.join(dir, file.name));
    } else {
      renameSync(staging, dir);
      staged = false;
    }
  } catch (error) {
    throw new ReportInputError(`cannot write ${dir}: ${describeFsError(error)}`);
  } finally {
    if (staged) rmSync(staging, { recursive: true, force: true });
  }
  return targets;
}
