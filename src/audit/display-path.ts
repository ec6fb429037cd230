import path from 'node:path';

/** A path as shown in messages: relative to the working directory when inside it, `/`-separated. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  const shown =
    relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return shown.split(path.sep).join('/');
}
