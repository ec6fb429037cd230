/**
 * The JSON Schema of the serve config file, generated from its zod definition (serve-config.ts) and published as
 * docs/serve-config.schema.json for editors and other tools (scripts/serve-config-schema.mjs writes it, a test keeps
 * it current). It describes the file as written: field names, types, bounds and defaults; the checks of
 * semantic-checks.ts (roles exist, keys are public, …) are not in it.
 */
import { z } from 'zod';
import { serveConfigSchema } from './serve-config.js';

/** The JSON Schema (2020-12) of a serve config file. */
export function serveConfigJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(serveConfigSchema('.'), {
    io: 'input',
    target: 'draft-2020-12',
  });
  return {
    $schema,
    $id: 'https://github.com/mcp-safeguard/mcp-safeguard/docs/serve-config.schema.json',
    title: 'safeguard serve configuration',
    description:
      'The file given to `safeguard serve --config` (YAML or JSON). See docs/security.md "The serve config file".',
    ...schema,
  };
}
