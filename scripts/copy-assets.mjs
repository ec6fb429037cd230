// Copies non-TypeScript assets that the compiled code reads at run time (templates, schemas) into lib/, emits the
// rule schema's validator as ajv standalone code so that an audit need not compile the schema every run, and writes
// the bundled rule files already parsed (lib/audit/rules/parsed-rules.json) so that it need not parse their YAML.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

// Parsed by the audit's own YAML reader, so the values are the ones it would compute; keyed by the digest of each
// file's text, so that an audit of edited rules parses them again.
const parsedRulesModule = 'lib/audit/rules/parsed-rules.js';
if (existsSync(parsedRulesModule)) {
  const { PARSED_RULES_FILE, ruleTextDigest } = await import(pathToFileURL(parsedRulesModule).href);
  const { parseYamlSource } = await import(pathToFileURL('lib/audit/yaml-source.js').href);
  const parsed = {};
  for (const name of readdirSync('rules')
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const text = readFileSync(`rules/${name}`, 'utf8');
    parsed[ruleTextDigest(text)] = parseYamlSource(name, text).value;
  }
  writeFileSync(PARSED_RULES_FILE, `${JSON.stringify(parsed)}\n`);
}
