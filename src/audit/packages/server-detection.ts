import path from 'node:path';
import { globbySync } from 'globby';
import { isHidden, nonProductionReason } from '../project/non-production.js';
import { SKIPPED_DIRECTORIES, SOURCE_EXTENSIONS } from '../project/load.js';
import type { ProjectDependencies } from './dependencies.js';
import { readTextFile } from './manifest.js';

// ---------------------------------------------------------------------------------------------------------------
// What the audit knows about MCP frameworks. Extend these lists, not the code below.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Packages that only build MCP servers: declaring one in `dependencies` or `optionalDependencies` is enough to call
 * the package a server. Declared only in `devDependencies` (tests, examples) or `peerDependencies` (a plugin for
 * the framework) it counts only with code that uses it.
 */
export const SERVER_FRAMEWORKS: readonly string[] = [
  '@modelcontextprotocol/server', // the official SDK v2, server half
  '@modelcontextprotocol/node', // SDK v2 Node.js HTTP transport for servers
  '@modelcontextprotocol/express', // SDK v2 Express adapter for servers
  '@modelcontextprotocol/hono', // SDK v2 Hono adapter for servers
  'fastmcp',
  'mcp-framework',
  'mcp-handler', // Vercel's handler for Next.js and other HTTP frameworks
  '@vercel/mcp-adapter', // mcp-handler's former name
  'xmcp',
  'mcp-proxy', // exposes a server over SSE / Streamable HTTP
  '@hono/mcp', // Hono middleware serving an McpServer
  '@rekog/mcp-nest', // NestJS module for MCP servers
  'tmcp',
];

/** Packages that only build MCP clients. */
export const CLIENT_FRAMEWORKS: readonly string[] = [
  '@modelcontextprotocol/client', // the official SDK v2, client half
];

/**
 * Packages that build servers, clients or neither (the SDK v1 ships both halves; Cloudflare's `agents` serves MCP
 * only through McpAgent): only the code can say. With no production source to read, such a package is `unknown`.
 */
export const MCP_TOOLKITS: readonly string[] = ['@modelcontextprotocol/sdk', 'agents'];

/** A trace of a server or client in source text. */
export interface CodeSignal {
  role: 'server' | 'client';
  pattern: RegExp; // searched in each production source file
  alsoIn?: RegExp; // must match in the same file too: the import that says which `Server` or `Client` it is
  describe: (match: string) => string; // what the code does, for the reason ("constructs McpServer")
  packages: readonly string[]; // the packages whose API this is, named in the reason when declared
  weak?: boolean; // method names alone: a server's dispatcher, or a client handling what it sent
}

const SDK_SERVER_IMPORT = /['"]@modelcontextprotocol\/(?:sdk\/server(?:\/index(?:\.js)?)?|server)['"]/;
const SDK_CLIENT_IMPORT = /['"]@modelcontextprotocol\/(?:sdk\/client(?:\/index(?:\.js)?)?|client)['"]/;
const SDK = ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server'];
// A dispatcher answers a method name (`case 'tools/call':`, `method === 'tools/call'`, `{ 'tools/call': handler }`);
// a client only sends it (`method: 'tools/call'`), which these do not match.
const answers = (method: string): RegExp =>
  new RegExp(`(?:case\\s*|===?\\s*)(['"\`])${method}\\1|(['"\`])${method}\\2\\s*:`);

/**
 * The traces looked for: a cheap text scan (comments and strings count too), enough to tell a server from a client
 * or a library, not to prove anything about the code.
 */
export const CODE_SIGNALS: readonly CodeSignal[] = [
  { role: 'server', pattern: /\bnew\s+McpServer\b/, describe: () => 'constructs McpServer', packages: SDK },
  {
    role: 'server',
    pattern: /\bnew\s+Server\s*\(/,
    alsoIn: SDK_SERVER_IMPORT,
    describe: () => 'constructs the SDK Server',
    packages: SDK,
  },
  {
    role: 'server',
    pattern: /\b[A-Z]\w*ServerTransport\b/, // Stdio-, SSE-, StreamableHTTP-, NodeStreamableHTTP-, WebStandard...
    describe: (match) => `uses ${match}`,
    packages: [...SDK, '@modelcontextprotocol/node'],
  },
  {
    role: 'server',
    pattern: /\bsetRequestHandler\(\s*CallToolRequestSchema\b/,
    describe: () => 'handles CallToolRequestSchema',
    packages: SDK,
  },
  {
    role: 'server',
    pattern: /\bnew\s+FastMCP\b/,
    describe: () => 'constructs FastMCP',
    packages: ['fastmcp'],
  },
  {
    role: 'server',
    pattern: /\bMcpAgent\b/,
    describe: () => 'uses McpAgent',
    packages: ['agents', '@cloudflare/workers-oauth-provider'],
  },
  {
    role: 'server',
    pattern: /\bcreateMcpHandler\s*\(/,
    describe: () => 'calls createMcpHandler',
    packages: ['mcp-handler', '@vercel/mcp-adapter'],
  },
  {
    role: 'server',
    pattern: answers('tools/call'),
    alsoIn: answers('tools/list'),
    weak: true,
    describe: () => "answers 'tools/call' and 'tools/list' itself",
    packages: [],
  },
  {
    role: 'client',
    pattern: /\bnew\s+Client\s*\(/,
    alsoIn: SDK_CLIENT_IMPORT,
    describe: () => 'constructs the SDK Client',
    packages: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/client'],
  },
  {
    role: 'client',
    pattern: /\b[A-Z]\w*ClientTransport\b/,
    describe: (match) => `uses ${match}`,
    packages: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/client'],
  },
];

/** Paths that are not production code: tests, fixtures, examples, benchmarks, declaration files. */
export const NON_PRODUCTION_PATH =
  /(?:^|\/)(?:tests?|__tests__|__mocks__|spec|e2e|fixtures?|examples?|bench(?:marks?)?)\/|\.(?:test|spec)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$/;

/** Tests, mocks, examples, scripts, stories and the rest that the audit leaves out (docs/scope.md) never decide. */
export function isNonProduction(file: string): boolean {
  return NON_PRODUCTION_PATH.test(file) || nonProductionReason(file) !== undefined || isHidden(file);
}

/** At most this many source files, of at most MAX_SOURCE_BYTES each, are read when the caller gives none. */
export const MAX_SOURCE_FILES = 2000;
export const MAX_SOURCE_BYTES = 512 * 1024;
/** How many path segments below the package folder source files are looked for. */
export const SOURCE_SCAN_DEPTH = 12;

// ---------------------------------------------------------------------------------------------------------------

export type PackageKind = 'server' | 'client' | 'library' | 'unknown';

export interface PackageClassification {
  kind: PackageKind;
  /** A server only by method names in its code (see CodeSignal.weak): its workspace dependencies may say client. */
  weak?: boolean;
  reasons: string[]; // short sentences, e.g. "depends on fastmcp 3.1.0 and constructs FastMCP in src/index.ts"
}

/** One source file of the package; its path is shown in reasons as given. */
export interface PackageSource {
  path: string;
  text: string;
}

/**
 * Says whether the package in `dir` is an MCP server, a client, a library (neither), or unknown (nothing to read,
 * or an SDK dependency with no code to tell which half it uses). A package that is both (a proxy, an inspector) is
 * a server. `sourceTexts`, when given, are the package's sources (paths as reasons should show them); otherwise
 * its production files are read from `dir`, leaving out nested packages, build output and node_modules.
 */
export function classifyPackage(
  dir: string,
  deps: ProjectDependencies,
  sourceTexts?: readonly PackageSource[],
): PackageClassification {
  const sources = (sourceTexts ?? readPackageSources(dir)).filter((s) => !isNonProduction(s.path));
  const found = findSignals(sources);
  const serverReasons = reasonsFor('server', found, deps, sources);
  const clientReasons = reasonsFor('client', found, deps, sources);
  // Method names in switch cases are also how a client (an inspector, a CLI) handles what it sent: when that is the
  // only trace of a server and the code builds an SDK client, it is a client.
  const onlyMethodNames = found
    .filter((f) => f.signal.role === 'server')
    .every((f) => f.signal.weak === true);
  const dependsOnServerFramework =
    serverReasons.length > found.filter((f) => f.signal.role === 'server').length;
  if (clientReasons.length > 0 && onlyMethodNames && !dependsOnServerFramework) {
    return { kind: 'client', reasons: clientReasons };
  }
  if (serverReasons.length > 0) {
    return {
      kind: 'server',
      reasons: serverReasons,
      ...(onlyMethodNames && !dependsOnServerFramework ? { weak: true } : {}),
    };
  }
  if (clientReasons.length > 0) return { kind: 'client', reasons: clientReasons };
  const toolkit = MCP_TOOLKITS.find((name) => deps.has(name));
  if (toolkit && sources.length === 0) {
    return {
      kind: 'unknown',
      reasons: [
        `depends on ${dependency(deps, toolkit)} but has no production source file to tell server from client`,
      ],
    };
  }
  if (toolkit) {
    return {
      kind: 'library',
      reasons: [
        `depends on ${dependency(deps, toolkit)} but its code constructs neither an MCP server nor a client`,
      ],
    };
  }
  if (sources.length === 0 && deps.names().length === 0) {
    return { kind: 'unknown', reasons: ['no declared dependencies and no production source file to read'] };
  }
  return {
    kind: 'library',
    reasons: ['no MCP server or client framework among its dependencies or in its code'],
  };
}

interface FoundSignal {
  signal: CodeSignal;
  match: string;
  file: string;
}

// The first file (by path) where each signal shows.
function findSignals(sources: readonly PackageSource[]): FoundSignal[] {
  const sorted = [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const found: FoundSignal[] = [];
  for (const signal of CODE_SIGNALS) {
    for (const source of sorted) {
      const match = signal.pattern.exec(source.text);
      if (match && (!signal.alsoIn || signal.alsoIn.test(source.text))) {
        found.push({ signal, match: match[0], file: source.path });
        break;
      }
    }
  }
  return found;
}

function reasonsFor(
  role: 'server' | 'client',
  found: FoundSignal[],
  deps: ProjectDependencies,
  sources: readonly PackageSource[],
): string[] {
  const reasons: string[] = [];
  const named = new Set<string>();
  for (const { signal, match, file } of found) {
    if (signal.role !== role) continue;
    const framework = signal.packages.find((name) => deps.has(name));
    if (framework) named.add(framework);
    const does = `${signal.describe(match)} in ${file}`;
    reasons.push(framework ? `depends on ${dependency(deps, framework)} and ${does}` : does);
  }
  for (const name of role === 'server' ? SERVER_FRAMEWORKS : CLIENT_FRAMEWORKS) {
    const kind = deps.versionOf(name)?.kind;
    if (named.has(name) || (kind !== 'dependencies' && kind !== 'optionalDependencies')) continue;
    // A declared framework counts when production code imports it (or there is no code to read): a dependency
    // that only test servers use does not make a client a server.
    const user = sources.find((s) => importsPackage(s.text, name));
    if (sources.length > 0 && !user) continue;
    reasons.push(`depends on ${dependency(deps, name)}${user ? ` and imports it in ${user.path}` : ''}`);
  }
  return reasons;
}

// "fastmcp 3.1.0" (installed), "fastmcp ^3.1.0" (declared only), with "(dev)" for a devDependency.
function dependency(deps: ProjectDependencies, name: string): string {
  const version = deps.versionOf(name);
  const shown = version?.resolved ?? version?.declared;
  return `${name}${shown ? ` ${shown}` : ''}${version?.kind === 'devDependencies' ? ' (dev)' : ''}`;
}

// The package's own source files: not those of packages nested inside it (a workspace root holds its members),
// not build output or installed dependencies; bounded in count and size.
function readPackageSources(dir: string): PackageSource[] {
  const files = globbySync([`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, '**/package.json'], {
    cwd: dir,
    ignore: SKIPPED_DIRECTORIES.map((name) => `**/${name}/**`),
    dot: false,
    followSymbolicLinks: false,
    deep: SOURCE_SCAN_DEPTH,
    suppressErrors: true,
  }).sort();
  const nested = files
    .filter((file) => file !== 'package.json' && file.endsWith('/package.json'))
    .map((file) => file.slice(0, -'package.json'.length));
  const sources: PackageSource[] = [];
  for (const file of files) {
    if (sources.length >= MAX_SOURCE_FILES) break;
    if (path.posix.basename(file) === 'package.json' || isNonProduction(file)) continue;
    if (nested.some((prefix) => file.startsWith(prefix))) continue;
    const text = readTextFile(path.join(dir, file), file, MAX_SOURCE_BYTES);
    if (typeof text === 'string') sources.push({ path: file, text });
  }
  return sources;
}

// Whether the text imports or requires the package (or one of its subpaths).
function importsPackage(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?:from|import|require\\()\\s*\\(?\\s*['"]${escaped}(?:/[^'"]*)?['"]`).test(text);
}
