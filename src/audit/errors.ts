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

/**
 * The target holds no MCP server: nothing is scored (exit 3). Scoring a client, a library or an empty folder would
 * give verdicts about a server that does not exist.
 */
export class NoServerFoundError extends Error {
  override readonly name = 'NoServerFoundError';

  constructor(
    target: string,
    readonly looked: readonly { name: string; relative: string; kind: string; reasons: readonly string[] }[],
  ) {
    const shown = looked
      .slice(0, 5)
      .map((p) => `${p.relative === '.' ? p.name : p.relative}: ${p.kind} (${p.reasons[0] ?? 'no reason'})`)
      .join('; ');
    super(
      `no MCP server found in ${target}, so nothing was scored` +
        (shown ? ` [${shown}${looked.length > 5 ? `; and ${looked.length - 5} more packages` : ''}]` : ''),
    );
  }
}

/** The target holds several MCP server packages and one audit scores one: the caller picks, or audits each. */
export class SeveralServersError extends Error {
  override readonly name = 'SeveralServersError';

  constructor(readonly servers: readonly { name: string; relative: string }[]) {
    super(
      `${servers.length} MCP server packages found (${servers.map((s) => `${s.name} in ${s.relative}`).join(', ')}): ` +
        'pick one with --package NAME',
    );
  }
}
