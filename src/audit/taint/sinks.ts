import type { SinkKind } from './types.js';

/** Which arguments of a call are a sink, and of what kind. */
export interface SinkSpec {
  kind: SinkKind;
  /** Argument indexes that are sinks; `all` for every argument. */
  args: readonly number[] | 'all';
  /** An options-object key whose value is the sink (axios `{ url }`, Playwright `{ path }`). */
  key?: string;
  /** Only a sink when the call's options say `shell: true` (spawn, execFile, execa with an argument array). */
  shellArgs?: boolean;
  /** What the sink does, for the path's last step. */
  does: string;
}

const SHELL = 'runs a shell command';
const EVAL = 'evaluates code';
const FILE = 'opens a file path';
const FETCH = 'sends a request to a URL';
const QUERY = 'runs SQL text';

const FS_ONE_PATH = [
  'readFile',
  'readFileSync',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createReadStream',
  'createWriteStream',
  'readdir',
  'readdirSync',
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'mkdir',
  'mkdirSync',
  'open',
  'openSync',
  'truncate',
  'truncateSync',
  // fs-extra
  'outputFile',
  'outputFileSync',
  'outputJson',
  'outputJsonSync',
  'writeJson',
  'writeJsonSync',
  'readJson',
  'readJsonSync',
  'remove',
  'removeSync',
  'ensureDir',
  'ensureDirSync',
  'ensureFile',
  'ensureFileSync',
  'emptyDir',
  'emptyDirSync',
];
const FS_TWO_PATHS = [
  'copyFile',
  'copyFileSync',
  'rename',
  'renameSync',
  'cp',
  'cpSync',
  'symlink',
  'symlinkSync',
  'copy',
  'copySync',
  'move',
  'moveSync',
];
const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Sinks by the canonical name of the callee (see `canonicalName`): the module, then the export and members. */
const BY_NAME = new Map<string, SinkSpec>();

function add(names: readonly string[], spec: SinkSpec): void {
  for (const name of names) BY_NAME.set(name, spec);
}

add(['child_process.exec', 'child_process.execSync', 'shelljs.exec'], {
  kind: 'command',
  args: [0],
  does: SHELL,
});
add(['execa.execaCommand', 'execa.execaCommandSync'], { kind: 'command', args: [0], does: SHELL });
add(
  [
    'child_process.spawn',
    'child_process.spawnSync',
    'child_process.execFile',
    'child_process.execFileSync',
    'cross-spawn',
    'cross-spawn.sync',
    'execa',
    'execa.execa',
    'execa.execaSync',
  ],
  { kind: 'command', args: [0, 1], shellArgs: true, does: SHELL },
);
add(['eval', 'Function', 'Function()'], { kind: 'code', args: 'all', does: EVAL });
add(['vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction', 'vm.Script()'], {
  kind: 'code',
  args: [0],
  does: EVAL,
});
add(
  FS_ONE_PATH.map((name) => `fs.${name}`),
  { kind: 'path', args: [0], does: FILE },
);
add(
  FS_TWO_PATHS.map((name) => `fs.${name}`),
  { kind: 'path', args: [0, 1], does: FILE },
);
add(['fetch', 'node-fetch', 'undici.fetch', 'undici.request', 'cross-fetch'], {
  kind: 'url',
  args: [0],
  does: FETCH,
});
for (const client of ['axios', 'got', 'ky', 'superagent', 'needle']) {
  add([client, ...HTTP_VERBS.map((verb) => `${client}.${verb}`)], {
    kind: 'url',
    args: [0],
    key: 'url',
    does: FETCH,
  });
}
add(['http.request', 'http.get', 'https.request', 'https.get'], { kind: 'url', args: [0], does: FETCH });
add(
  [
    'pg.Pool().query',
    'pg.Client().query',
    'mysql2.createPool().query',
    'mysql2.createPool().execute',
    'mysql2.createConnection().query',
    'mysql2.createConnection().execute',
    'better-sqlite3().prepare',
    'better-sqlite3().exec',
    'knex().raw',
    'knex.raw',
    'sequelize.Sequelize().query',
  ],
  { kind: 'sql', args: [0], does: QUERY },
);

const RESPONSE: SinkSpec = { kind: 'response', args: [0], does: 'sent to the client' };
add(['Response()', 'Response.json', 'NextResponse.json', 'next/server.NextResponse.json'], RESPONSE);

/** Methods that are sinks whatever the receiver, because the name says what library it is. */
const BY_METHOD = new Map<string, SinkSpec>([
  ['$queryRawUnsafe', { kind: 'sql', args: [0], does: QUERY }],
  ['$executeRawUnsafe', { kind: 'sql', args: [0], does: QUERY }],
  ['sendFile', { kind: 'path', args: [0], does: 'sends a file' }],
  ['saveAs', { kind: 'path', args: [0], does: 'saves a download to a file path' }],
  ['screenshot', { kind: 'path', args: [], key: 'path', does: 'writes a screenshot to a file path' }],
  ['pdf', { kind: 'path', args: [], key: 'path', does: 'writes a PDF to a file path' }],
]);

/** Query methods, sinks only when their text is built from pieces in a file that uses a SQL client. */
export const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'prepare', 'exec', 'unsafe']);
export const SQL_MODULES =
  /^(pg|mysql2?|mysql2\/promise|better-sqlite3|sqlite3?|knex|sequelize|@neondatabase\/serverless|postgres|@vercel\/postgres|mssql|oracledb|tedious)$/;
export const QUERY_SPEC: SinkSpec = { kind: 'sql', args: [0], does: QUERY };

/** Node's modules under their other names, and `default` interop members, folded to one canonical spelling. */
export function canonicalModule(module: string): string {
  if (/^(fs\/promises|fs-extra|graceful-fs|fs-extra\/esm)$/.test(module)) return 'fs';
  if (module === 'mysql' || module === 'mysql2/promise') return 'mysql2';
  if (module === 'child_process/promises') return 'child_process';
  return module;
}

/** Folds `fs.promises.readFile` and `axios.default.get` to `fs.readFile` and `axios.get`. */
export function canonicalMember(base: string, member: string): string {
  if (member === 'default') return base;
  if (base === 'fs' && member === 'promises') return 'fs';
  return `${base}.${member}`;
}

export function sinkByName(name: string): SinkSpec | undefined {
  return BY_NAME.get(name);
}

export function sinkByMethod(method: string, receiver: string): SinkSpec | undefined {
  if (method === 'download' && /^(res|response|reply)$/.test(receiver))
    return { kind: 'path', args: [0], does: 'sends a file' };
  // The body of an HTTP response: express/node res, fastify reply, hono's context.
  if (
    /^(json|send|write|end|jsonp)$/.test(method) &&
    /^(res|response|reply|res\.status\(\d+\))$/.test(receiver)
  )
    return RESPONSE;
  if (/^(json|text|html|body)$/.test(method) && /^(c|ctx|context)$/.test(receiver)) return RESPONSE;
  return BY_METHOD.get(method);
}

export const SINK_DESCRIPTIONS: Record<SinkKind, string> = {
  command: 'shell command',
  code: 'code evaluation',
  path: 'file path',
  url: 'outbound request URL',
  sql: 'SQL text',
  response: 'a response to the client',
  'upstream-credential': "an upstream request's credential",
};
