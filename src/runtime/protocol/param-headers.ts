import { HeaderMismatchError } from '../errors/mcp-error.js';
import type { JsonSchema } from '../schema/json-schema.js';

/** A tool argument mirrored into an `Mcp-Param-<name>` HTTP header (`x-mcp-header` in its property schema). */
export interface ParamHeader {
  property: string;
  /** The lower-cased header name, e.g. `mcp-param-region`. */
  header: string;
}

/** The `x-mcp-header` annotations of an input schema's top-level properties. */
export function paramHeadersOf(schema: JsonSchema): ParamHeader[] {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return [];
  const found: ParamHeader[] = [];
  for (const [property, definition] of Object.entries(properties as Record<string, unknown>)) {
    const name = (definition as Record<string, unknown> | null)?.['x-mcp-header'];
    if (typeof name === 'string' && name !== '')
      found.push({ property, header: `mcp-param-${name.toLowerCase()}` });
  }
  return found;
}

const base64Wrapped = /^=\?base64\?(.*)\?=$/;
const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A header value as the client meant it: `=?base64?…?=` is strict Base64 (wrong padding or characters are a
 * mismatch), anything else is taken literally.
 */
export function decodeParamHeader(value: string): string {
  const wrapped = base64Wrapped.exec(value);
  if (!wrapped) return value;
  const encoded = wrapped[1] ?? '';
  if (encoded.length % 4 !== 0 || !base64Alphabet.test(encoded)) {
    throw new HeaderMismatchError('Mcp-Param header is not valid Base64');
  }
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * 2026-07-28 (SEP-2243): every annotated argument present in the body must be mirrored, with the same value, in its
 * header, and no header may claim an argument the body lacks. Anything else is -32020.
 */
export function checkParamHeaders(
  params: readonly ParamHeader[],
  args: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string | undefined>>,
): void {
  for (const { property, header } of params) {
    const value = args[property];
    const sent = headers[header];
    if (value === undefined || value === null) {
      if (sent !== undefined)
        throw new HeaderMismatchError(`${header} names an argument the body does not carry`);
      continue;
    }
    if (sent === undefined)
      throw new HeaderMismatchError(`Missing ${header} header for argument ${property}`);
    if (decodeParamHeader(sent) !== String(value)) {
      throw new HeaderMismatchError(`${header} header does not match argument ${property}`);
    }
  }
}
