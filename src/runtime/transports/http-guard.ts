/**
 * DNS-rebinding protection for the HTTP transport: a server bound to a loopback address only answers requests whose
 * Host is a loopback name, and any Origin must be an allowed one. Browsers always send Origin on cross-site requests.
 */

const loopbackNames = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** Whether a bind address is a loopback address. */
export function isLoopback(host: string): boolean {
  return loopbackNames.includes(host.toLowerCase());
}

function hostnameOf(hostHeader: string): string {
  // "[::1]:3000" → "[::1]", "localhost:3000" → "localhost"
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return (hostHeader.split(':')[0] ?? '').toLowerCase();
}

export interface GuardOptions {
  /** Hostnames (without port) accepted in Host; defaults to the loopback names when bound to loopback. */
  allowedHosts?: string[];
  /** Origins (scheme://host[:port]) accepted in addition to loopback origins on a loopback server. */
  allowedOrigins?: string[];
}

/** Returns why a request must be refused (403), or undefined when it may proceed. */
export function rejectionReason(
  bindHost: string,
  headers: Readonly<Record<string, string | undefined>>,
  options: GuardOptions,
): string | undefined {
  const loopback = isLoopback(bindHost);
  const allowedHosts = options.allowedHosts ?? (loopback ? loopbackNames : undefined);
  const host = headers.host;
  if (allowedHosts && (!host || !allowedHosts.includes(hostnameOf(host)))) return 'Host not allowed';
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  if (options.allowedOrigins?.includes(origin)) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'Origin not allowed';
  }
  if (loopback ? loopbackNames.includes(hostnameOf(originHost)) : originHost === host) return undefined;
  return 'Origin not allowed';
}
