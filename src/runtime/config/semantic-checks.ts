/**
 * The checks of a serve config that a schema cannot express: every role a key, user or stdio names is defined, no
 * key or user is listed twice, a security section configures some way to authenticate, a JWKS file holds public keys
 * only, keys are fetched over https, a Redis URL has a host. serve-config.ts runs them on the parsed sections;
 * problems are reported, not thrown, so the user sees them all at once.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { ApiKeyRecord } from '../auth/api-key-verifier.js';
import type { PasswordUser } from '../auth/password-verifier.js';
import { DEFAULT_ROLES } from '../authz/role-permissions.js';
import type { FieldPath } from '../../shared/structured-file/located-issue.js';

/** Records a problem at a path under the section being checked. */
export type IssueReporter = (path: FieldPath, message: string) => void;

/** The parts of a parsed security section the checks look at. */
interface SecuritySection {
  api_keys: readonly ApiKeyRecord[];
  users: readonly PasswordUser[];
  oauth?: unknown;
  roles?: Record<string, string[]>;
  stdio: { authenticate: boolean; roles?: readonly string[] };
}

/** Checks a security section; returns its roles (the defaults when it defines none). */
export function checkSecurity(security: SecuritySection, report: IssueReporter): Record<string, string[]> {
  const roles = security.roles ?? copyRoles(DEFAULT_ROLES);
  const checkRoles = (list: readonly string[], path: FieldPath) =>
    list.forEach((role, i) => {
      if (!Object.hasOwn(roles, role))
        report(
          [...path, i],
          `unknown role "${role}" (defined roles: ${Object.keys(roles).sort().join(', ') || 'none'})`,
        );
    });

  security.api_keys.forEach((key, i) => checkRoles(key.roles, ['api_keys', i, 'roles']));
  findDuplicates(security.api_keys.map((k) => k.digest)).forEach((i) =>
    report(['api_keys', i], 'the same key hash is listed twice'),
  );
  findDuplicates(security.api_keys.map((k) => k.id)).forEach((i) =>
    report(['api_keys', i, 'id'], 'the same key id is listed twice'),
  );

  security.users.forEach((user, i) => checkRoles(user.roles, ['users', i, 'roles']));
  findDuplicates(security.users.map((u) => u.username)).forEach((i) =>
    report(['users', i, 'username'], 'the same user is listed twice'),
  );

  const { stdio } = security;
  if (stdio.roles) checkRoles(stdio.roles, ['stdio', 'roles']);
  else if (!Object.hasOwn(roles, 'admin') && !stdio.authenticate) {
    report(
      ['stdio', 'roles'],
      'is required when no "admin" role is defined (stdio requests run as a local principal)',
    );
  }

  if (security.api_keys.length === 0 && security.users.length === 0 && security.oauth === undefined) {
    report([], 'configures no way to authenticate: add api_keys, users or oauth (or remove the section)');
  }
  return roles;
}

/** The key set's URL; keys fetched over plain HTTP could be swapped in transit, so only loopback may skip TLS. */
export function checkJwksUrl(url: string, path: FieldPath, report: IssueReporter): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
    report(path, 'must use https (plain http only on loopback)');
  }
  return parsed;
}

/** The key set in a JWKS file (relative to `baseDir`), or undefined when it is missing, unreadable or not public. */
export function readJwksFile(
  file: string,
  baseDir: string,
  path: FieldPath,
  report: IssueReporter,
): JSONWebKeySet | undefined {
  const absolute = resolve(baseDir, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not a readable JSON file';
    report(path, `${reason}: ${absolute}`);
    return undefined;
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== 'object' || k === null)) {
    report(path, 'must be a JWKS: {"keys": [ … ]} with at least one key');
    return undefined;
  }
  if (keys.some((k) => 'd' in (k as object))) {
    // A private key in the resource server's key set means the signing key has been copied where it does not belong.
    report(path, 'contains a private key ("d"); publish only public keys');
    return undefined;
  }
  return parsed as JSONWebKeySet;
}

/** The schema checks the scheme; the rest of the URL (host, port, credentials) must parse too. */
export function checkRedisUrl(url: string, path: FieldPath, report: IssueReporter): void {
  if (!URL.canParse(url) || new URL(url).hostname === '')
    report(path, 'must be a redis:// or rediss:// URL with a host');
}

/** Where log lines go: stderr, stdout, or a file resolved against the config file's directory. */
export function resolveDestination(destination: string, baseDir: string): string {
  if (destination === 'stderr' || destination === 'stdout') return destination;
  return isAbsolute(destination) ? destination : resolve(baseDir, destination);
}

function copyRoles(roles: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(roles).map(([role, permissions]) => [role, [...permissions]]));
}

/** Indexes of entries equal to an earlier one. */
function findDuplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((value, i) => {
    if (seen.has(value)) out.push(i);
    seen.add(value);
  });
  return out;
}
