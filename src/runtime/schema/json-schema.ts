import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';

/** A JSON Schema object (2020-12). */
export type JsonSchema = Record<string, unknown>;

/** What a tool may declare as its input or output schema: JSON Schema 2020-12 or a zod schema. */
export type SchemaSource = JsonSchema | z.ZodType;

/** A schema compiled once: its JSON form (for tools/list) and a validator. */
export interface CompiledSchema {
  json: JsonSchema;
  /** Returns the list of problems, empty when the value is valid. */
  check(value: unknown): readonly string[];
}

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function isZodSchema(schema: SchemaSource): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

// Valid values (nearly every call) share one empty, frozen problem list instead of allocating one each.
const noProblems: readonly string[] = Object.freeze([]);

/** Compiles tool schemas with one shared ajv instance (strict off: tool authors use annotation keywords freely). */
export class SchemaCompiler {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));

  /** Converts (zod) and compiles a schema once; throws when the schema itself is invalid. */
  compile(source: SchemaSource): CompiledSchema {
    const json = isZodSchema(source) ? (z.toJSONSchema(source) as JsonSchema) : source;
    // ajv caches by $id; strip nothing, but compile a copy so later edits by the caller cannot change the validator.
    const validate: ValidateFunction = this.ajv.compile(structuredClone(json));
    return {
      json,
      check(value) {
        if (validate(value)) return noProblems;
        return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
      },
    };
  }
}
