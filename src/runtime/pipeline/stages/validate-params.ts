import type { z } from 'zod';
import { InvalidParamsError } from '../../errors/mcp-error.js';
import { SchemaCompiler, type CompiledSchema } from '../../schema/json-schema.js';
import { checkStage } from '../check-stage.js';
import type { McpStage } from '../mcp-request-context.js';

/**
 * Checks `params` against the resolved method's declared shape before anything else looks at them (-32602
 * otherwise); runs after method resolution, so an unknown method is -32601 before its params are judged. The zod
 * shapes are compiled to JSON Schema validators once: checking a valid request then allocates nothing.
 */
export function validateParams(): McpStage {
  const compiler = new SchemaCompiler();
  const compiled = new Map<z.ZodType, CompiledSchema>();
  const validatorFor = (schema: z.ZodType): CompiledSchema => {
    let validator = compiled.get(schema);
    if (!validator) {
      validator = compiler.compile(schema);
      compiled.set(schema, validator);
    }
    return validator;
  };
  return checkStage((ctx) => {
    const schema = ctx.resolved?.params;
    if (schema) {
      const issues = validatorFor(schema).check(ctx.params);
      if (issues.length > 0) throw new InvalidParamsError(`Invalid params for ${ctx.method}`, { issues });
    }
  });
}
