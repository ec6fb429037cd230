/**
 * A usage, configuration or rule error: the audit cannot start. The CLI maps it to exit code 2 and prints only the
 * one-line message, which names the file, line, column and field when there is one.
 */
export class AuditInputError extends Error {
  override readonly name = 'AuditInputError';

  constructor(
    message: string,
    readonly location?: { file: string; line?: number; column?: number; field?: string },
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
  }
}

function formatLocation(location: { file: string; line?: number; column?: number; field?: string }): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  if (location.field) text += `: ${location.field}`;
  return text;
}
