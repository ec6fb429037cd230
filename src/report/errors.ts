/**
 * Bad input to a renderer or to `safeguard report`: a missing or corrupt file, another schema version, an unwritable
 * output path, an unknown format. The message is one line meant for the user; the CLI prints it and exits 2.
 */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

/** The one-line reason behind a file-system error, without the absolute path Node puts in `message`. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
    case 'EEXIST': // mkdir of a folder where a file already is
      return 'a parent path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return code ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}
