// Copies non-TypeScript assets that the compiled code reads at run time (templates, schemas) into lib/, and emits
// the rule schema's validator as ajv standalone code so that an audit need not compile the schema every run.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';

const assets = [['src/report/templates', 'lib/report/templates']];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}

// Same ajv options as the run-time fallback (lib/audit/rules/schema-validator.js); the digest lets the audit ignore
// a validator built from an older schema.
const schemaModule = 'lib/audit/rules/schema-validator.js';
if (existsSync(schemaModule)) {
  const { ruleSchemaAjv, schemaDigest, PRECOMPILED_VALIDATOR } = await import(
    pathToFileURL(schemaModule).href
  );
  const schemaText = readFileSync('rules/rules.schema.json', 'utf8');
  const ajv = ruleSchemaAjv(true);
  const validate = ajv.compile(JSON.parse(schemaText));
  const code = standaloneCode.default(ajv, validate);
  writeFileSync(
    PRECOMPILED_VALIDATOR,
    `${code}\nmodule.exports.schemaSha256 = ${JSON.stringify(schemaDigest(schemaText))};\n`,
  );
}
