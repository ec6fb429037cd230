import { accessSync, constants, lstatSync, type Stats } from 'node:fs';
import { ReportInputError, describeFsError } from './errors.js';

/**
 * Refuses a report folder that is a symbolic link or not a writable folder. A link is never followed: in CI a
 * committed `reports -> ../..` link would let the audit write wherever the job can.
 */
export function checkReportFolder(dir: string): void {
  const stat = entryAt(dir);
  if (stat === undefined) return; // created with the reports
  if (stat.isSymbolicLink()) throw refused(dir, 'it is a symbolic link, which is never followed; remove it');
  if (!stat.isDirectory()) throw refused(dir, 'it is not a directory');
  writable(dir);
}

/** Refuses a report file path that holds a symbolic link, a directory or a file that may not be replaced. */
export function checkReportFile(file: string): void {
  const stat = entryAt(file);
  if (stat === undefined) return;
  if (stat.isSymbolicLink()) throw refused(file, 'it is a symbolic link, which is never followed; remove it');
  if (stat.isDirectory()) throw refused(file, 'is a directory');
  if (!stat.isFile()) throw refused(file, 'it is not a regular file');
  writable(file);
}

/** What is at `target` itself (a link is not followed), or undefined when nothing is. */
function entryAt(target: string): Stats | undefined {
  try {
    return lstatSync(target, { throwIfNoEntry: false });
  } catch (error) {
    throw refused(target, describeFsError(error)); // ENOTDIR: a file where a parent folder should be
  }
}

function writable(target: string): void {
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    throw refused(target, describeFsError(error));
  }
}

function refused(target: string, reason: string): ReportInputError {
  return new ReportInputError(`cannot write ${target}: ${reason}`);
}
