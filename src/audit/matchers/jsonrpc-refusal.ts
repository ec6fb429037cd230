import { ts } from 'ts-morph';

/**
 * A JSON-RPC error response written in place: an object literal with a `jsonrpc` member and an `error` object that
 * carries a `code` (`{ jsonrpc: '2.0', id, error: { code: -32603, message } }`). Answering a request with it refuses
 * the request, as a 401/403 status does over plain HTTP; `guard` counts it as a refusal.
 */
export function isJsonRpcErrorResponse(node: ts.Node): boolean {
  if (!ts.isObjectLiteralExpression(node)) return false;
  let jsonrpc = false;
  let errorWithCode = false;
  for (const property of node.properties) {
    const name =
      property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
        ? property.name.text
        : undefined;
    if (name === 'jsonrpc') jsonrpc = true;
    if (
      name === 'error' &&
      ts.isPropertyAssignment(property) &&
      ts.isObjectLiteralExpression(property.initializer)
    )
      errorWithCode = property.initializer.properties.some(
        (p) =>
          p.name !== undefined &&
          (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
          p.name.text === 'code',
      );
  }
  return jsonrpc && errorWithCode;
}
