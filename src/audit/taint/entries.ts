import { ts } from 'ts-morph';
import { skipOuter } from '../facts/argument.js';
import type { TaintModule } from './module.js';

/** A function whose parameters are attacker-controlled: an MCP tool, prompt or resource handler, or an HTTP route. */
export interface Entry {
  fn: ts.FunctionLikeDeclaration;
  /** The tainted parameters: their index, what enters there, and the schema-closed properties of that input. */
  params: { index: number; what: string; closed: ReadonlySet<string> }[];
  /** An MCP handler: what it returns is the result the client receives. */
  answersClient: boolean;
}

// Where the MCP SDKs (v1 and v2) register handlers; the handler is the last argument.
const REGISTRATIONS = new Set([
  'tool',
  'registerTool',
  'prompt',
  'registerPrompt',
  'resource',
  'registerResource',
]);
const REQUEST_SCHEMAS = /^(CallToolRequestSchema|ReadResourceRequestSchema|GetPromptRequestSchema)$/;
// FastMCP: addTool({ execute }), addPrompt({ load }), addResourceTemplate({ load }).
const FASTMCP = new Map([
  ['addTool', 'execute'],
  ['addPrompt', 'load'],
  ['addResourceTemplate', 'load'],
]);
const HTTP_ROUTES = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'options', 'head']);
// Hand-written registries and tool classes: a schema beside the function that runs the tool.
const SCHEMA_KEYS = new Set([
  'inputSchema',
  'input_schema',
  'parameters',
  'argsSchema',
  'schema',
  'paramsSchema',
]);
const RUN_KEYS = new Set(['execute', 'handler', 'handle', 'run', 'call', 'invoke', 'callback', 'cb']);
const TOOL_BASE = /Tool(Base|Handler)?$/;

/** Every entry point of a file, in source order. */
export function findEntries(module: TaintModule): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<ts.Node>();
  const add = (fn: ts.Node | undefined, params: Entry['params'], answersClient = true): void => {
    if (!fn || seen.has(fn) || !isFunctionWithBody(fn)) return;
    seen.add(fn);
    entries.push({ fn, params, answersClient });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) visitCall(module, node, add);
    else if (ts.isObjectLiteralExpression(node)) visitObject(module, node, add);
    else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) visitClass(node, add);
    ts.forEachChild(node, visit);
  };
  visit(module.tree);
  for (const statement of module.tree.statements) visitRouteExport(module, statement, add);
  // export { handleRequest as POST }
  for (const [exportName, local] of module.exports) {
    if (ROUTE_EXPORTS.test(exportName))
      add(module.functions.get(local), [{ index: 0, what: 'HTTP request', closed: new Set() }], false);
  }
  return entries;
}

// Next.js App Router route handlers (app/**/route.ts) and Vercel/Next API routes (api/**, pages/api/**).
const ROUTE_EXPORTS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
const API_FOLDER = /(^|\/)(pages\/)?api\//;

function visitRouteExport(module: TaintModule, statement: ts.Statement, add: Add): void {
  const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
  if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
  const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  const request = [{ index: 0, what: 'HTTP request', closed: new Set<string>() }];
  if (ts.isFunctionDeclaration(statement)) {
    const name = statement.name?.text ?? '';
    if (ROUTE_EXPORTS.test(name) || (isDefault && API_FOLDER.test(module.facts.path)))
      add(statement, request, false);
  } else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(declaration.name) &&
        ROUTE_EXPORTS.test(declaration.name.text) &&
        declaration.initializer
      )
        add(functionOf(module, declaration.initializer), request, false);
    }
  }
}

type Add = (fn: ts.Node | undefined, params: Entry['params'], answersClient?: boolean) => void;

function visitCall(module: TaintModule, call: ts.CallExpression, add: Add): void {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name.text
    : ts.isIdentifier(callee)
      ? callee.text
      : '';
  const args = call.arguments;
  if (REGISTRATIONS.has(name) && ts.isPropertyAccessExpression(callee) && args.length >= 2) {
    const handler = functionOf(module, args[args.length - 1]!);
    const resource = name === 'resource' || name === 'registerResource';
    const closed = closedProperties(module, args.slice(1, -1));
    add(handler, [
      {
        index: 0,
        what: resource
          ? 'resource URI'
          : `${name === 'prompt' || name === 'registerPrompt' ? 'prompt' : 'tool'} argument`,
        closed,
      },
      ...(resource ? [{ index: 1, what: 'resource template variable', closed: new Set<string>() }] : []),
    ]);
  } else if (name === 'setRequestHandler' && args.length === 2) {
    const schema = args[0]!;
    if (ts.isIdentifier(schema) && REQUEST_SCHEMAS.test(schema.text))
      add(functionOf(module, args[1]!), [{ index: 0, what: 'MCP request', closed: new Set() }]);
  } else if (FASTMCP.has(name) && args[0] && ts.isObjectLiteralExpression(args[0])) {
    const run = propertyValue(args[0], FASTMCP.get(name)!);
    const closed = closedProperties(module, [propertyValue(args[0], 'parameters')].filter(isDefined));
    add(run && functionOf(module, run), [{ index: 0, what: 'tool argument', closed }]);
  } else if (HTTP_ROUTES.has(name) && ts.isPropertyAccessExpression(callee) && isRoutePath(args[0])) {
    for (const arg of args.slice(1))
      add(functionOf(module, arg), [{ index: 0, what: 'HTTP request', closed: new Set() }]);
  } else if (name === 'createServer' && args.length > 0) {
    add(
      functionOf(module, args[args.length - 1]!),
      [{ index: 0, what: 'HTTP request', closed: new Set() }],
      false,
    );
  }
}

function visitObject(module: TaintModule, object: ts.ObjectLiteralExpression, add: Add): void {
  let schema: ts.Expression | undefined;
  let run: ts.Node | undefined;
  for (const property of object.properties) {
    const key = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
    if (!key) continue;
    if (SCHEMA_KEYS.has(key) && ts.isPropertyAssignment(property)) schema = property.initializer;
    if (RUN_KEYS.has(key)) {
      if (ts.isMethodDeclaration(property)) run = property;
      else if (ts.isPropertyAssignment(property)) run = functionOf(module, property.initializer);
    }
  }
  if (schema && run)
    add(run, [{ index: 0, what: 'tool argument', closed: closedProperties(module, [schema]) }]);
}

function visitClass(node: ts.ClassLikeDeclaration, add: Add): void {
  const heritage = (node.heritageClauses ?? []).flatMap((clause) =>
    clause.types.map((t) => t.expression.getText()),
  );
  const hasSchema = node.members.some(
    (member) => member.name && ts.isIdentifier(member.name) && SCHEMA_KEYS.has(member.name.text),
  );
  if (!hasSchema && !heritage.some((text) => TOOL_BASE.test(text))) return;
  for (const member of node.members) {
    if (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && RUN_KEYS.has(member.name.text))
      add(member, [{ index: 0, what: 'tool argument', closed: new Set() }]);
  }
}

/** The function an argument is: written inline, or named (a function of this file). */
function functionOf(module: TaintModule, node: ts.Node): ts.Node | undefined {
  const inner = ts.isExpression(node) ? skipOuter(node) : node;
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
  if (ts.isIdentifier(inner)) return module.functions.get(inner.text);
  return undefined;
}

function isFunctionWithBody(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    (ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node)) &&
    node.body !== undefined
  );
}

function isRoutePath(node: ts.Node | undefined): boolean {
  return (
    !!node &&
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
  );
}

function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Node | undefined {
  for (const property of object.properties) {
    if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isMethodDeclaration(property)) return property;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

// zod (and compatible) schema roots that admit only a closed set of values, and refinements that pin the text.
const CLOSED_ROOTS = /^(enum|nativeEnum|literal|number|boolean|bigint|date|int|uuid|coerce)$/;
const CLOSED_REFINEMENTS = /^(regex|uuid|int|ulid|cuid2?|ipv4|ipv6|datetime|date|time|base64|emoji)$/;

/**
 * The properties a schema closes: `z.enum([...])`, `z.number()`, `z.boolean()`, `z.literal()`, unions of those, or
 * a string pinned by `.regex()`/`.uuid()`. The schema is an object of zod fields, `z.object({...})`, or a constant of
 * this file holding one. Values of such properties cannot carry a payload into a sink.
 */
function closedProperties(module: TaintModule, candidates: readonly ts.Node[]): ReadonlySet<string> {
  const closed = new Set<string>();
  for (const candidate of candidates) {
    const shape = shapeOf(module, candidate, 0);
    if (!shape) continue;
    for (const property of shape.properties) {
      if (!ts.isPropertyAssignment(property) || !property.name) continue;
      const key =
        ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
      if (key && isClosedSchema(property.initializer)) closed.add(key);
    }
  }
  return closed;
}

function shapeOf(module: TaintModule, node: ts.Node, depth: number): ts.ObjectLiteralExpression | undefined {
  if (depth > 3) return undefined;
  const inner = ts.isExpression(node) ? skipOuter(node) : node;
  if (ts.isIdentifier(inner)) {
    const value = module.constants.get(inner.text);
    return value && shapeOf(module, value, depth + 1);
  }
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'shape')
    return shapeOf(module, inner.expression, depth + 1);
  if (ts.isCallExpression(inner)) {
    // z.object({...}) and chains on it (.strict(), .describe()).
    const callee = inner.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'object' && inner.arguments[0])
      return shapeOf(module, inner.arguments[0], depth + 1);
    if (ts.isPropertyAccessExpression(callee)) return shapeOf(module, callee.expression, depth + 1);
    return undefined;
  }
  if (ts.isObjectLiteralExpression(inner)) {
    // { inputSchema: {...} } as registerTool's config: the shape is under a schema key.
    for (const key of ['inputSchema', 'parameters', 'argsSchema', 'schema']) {
      const value = propertyValue(inner, key);
      if (value) return shapeOf(module, value, depth + 1);
    }
    return inner;
  }
  return undefined;
}

function isClosedSchema(node: ts.Expression): boolean {
  let current: ts.Expression = skipOuter(node);
  // Walk the chain z.string().regex(/.../).describe('...') from the outside in.
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    const method = current.expression.name.text;
    const receiver = current.expression.expression;
    if (CLOSED_REFINEMENTS.test(method)) return true;
    if (ts.isIdentifier(receiver) && /^(z|zod|v)$/.test(receiver.text)) {
      if (CLOSED_ROOTS.test(method)) return true;
      if (method === 'union' && current.arguments[0] && ts.isArrayLiteralExpression(current.arguments[0]))
        return current.arguments[0].elements.every((element) => isClosedSchema(element as ts.Expression));
      return false;
    }
    current = receiver;
  }
  if (ts.isPropertyAccessExpression(current)) return isClosedSchema(current.expression);
  return false;
}
