/** A configuration that cannot be used: every problem found, each naming its field (the CLI exits 2). */
export class ServerConfigError extends Error {
  readonly exitCode = 2;

  constructor(
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`${source}: invalid configuration\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    this.name = 'ServerConfigError';
  }
}
