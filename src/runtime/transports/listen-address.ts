/** Parses `HOST:PORT` (`127.0.0.1:3000`, `[::1]:0`, `localhost:8080`) or a bare port; throws a readable Error. */
export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65_535) {
    throw new Error(`expected HOST:PORT (for example 127.0.0.1:3000), got "${text}"`);
  }
  return { host: match[1] || match[2] || '127.0.0.1', port };
}
