/** Validates a parsed config document against the schema; each error names its field (`security.api_keys[0].hash`). */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { serverConfigSchema } from './schema.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validateDocument = ajv.compile(serverConfigSchema);

/** One schema problem: where (as a path of keys and indexes) and what. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** `security.api_keys[0].hash` for ['security', 'api_keys', 0, 'hash']. */
export function fieldName(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(top level)' : out;
}

/** The problems with a parsed document; empty when it matches the schema. */
export function validateConfigDocument(document: unknown): ConfigIssue[] {
  if (validateDocument(document)) return [];
  const issues = (validateDocument.errors ?? []).filter(isReported).map(toIssue);
  // allErrors can report the same field twice (e.g. through if/then); keep each message once, in a stable order.
  const seen = new Set<string>();
  return issues
    .filter((issue) => {
      const key = `${fieldName(issue.path)}\u0000${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) =>
      fieldName(a.path) < fieldName(b.path) ? -1 : fieldName(a.path) > fieldName(b.path) ? 1 : 0,
    );
}

// "must match then schema" repeats what the inner errors say; errors inside a oneOf branch are summed up by the
// oneOf error itself (the only oneOf is oauth's choice of jwks_file or jwks_url).
function isReported(error: ErrorObject): boolean {
  return error.keyword !== 'if' && !error.schemaPath.includes('/oneOf/');
}

function toIssue(error: ErrorObject): ConfigIssue {
  const path: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: [...path, String(params['additionalProperty'])], message: 'unknown field' };
    case 'required':
      return { path: [...path, String(params['missingProperty'])], message: 'is required' };
    case 'enum':
      return {
        path,
        message: `must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`,
      };
    case 'oneOf':
      return { path, message: 'needs exactly one of jwks_file or jwks_url' };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}
