import { ts } from 'ts-morph';
import type { PathStep } from './path-step.js';
import { accessPath, proofOf } from './conditions.js';
import {
  appendStep,
  COMMAND_ONLY,
  extend,
  harms,
  KINDS_EXCEPT_SQL,
  PATH_ONLY,
  sanitize,
  SQL_ONLY,
  union,
  unionAll,
} from './labels.js';
import { skipOuter } from '../facts/argument.js';
import type { TaintModule } from './module.js';
import { QUERY_METHODS, QUERY_SPEC, SINK_DESCRIPTIONS, SQL_MODULES, type SinkSpec } from './sinks.js';
import { CLEAN, type Label, type Summary, type SummarySink, type Taint } from './types.js';

/** A name's value as far as taint goes: its labels, a local function it holds, what it was computed from. */
interface Binding {
  taint: Taint;
  fn?: ts.FunctionLikeDeclaration;
  /** The access path this value was computed from (`new URL(x)`, `path.resolve(root, x)`): proving it proves that. */
  from?: string;
  /** A local alias of a callee (`const run = promisify(exec)`) or the object it was created as (`new C()`). */
  alias?: ts.Expression;
  /** The object literal it was initialised with (an options object whose keys sinks read). */
  literal?: ts.ObjectLiteralExpression;
  /** The project class it holds, by name (from `new C()` or a type annotation). */
  className?: string;
}

type Env = Map<string, Binding>;

/** What the analysis asks of the project: callee resolution, summaries, sink lookup, the budget, and reporting. */
export interface AnalysisHost {
  /** Spends budget for one node; false once the audit's taint budget is used up. */
  spend(): boolean;
  sinkOf(
    module: TaintModule,
    call: ts.CallExpression | ts.NewExpression,
    env: CalleeAliases,
  ): SinkSpec | undefined;
  summaryOf(
    module: TaintModule,
    call: ts.CallExpression,
    aliases: CalleeAliases,
    classes: LocalClasses,
  ): ResolvedSummary | undefined;
  /** A tainted value from an entry point reached a sink. */
  reach(sink: SummarySink): void;
}

export interface ResolvedSummary {
  summary: Summary;
  name: string;
  params: readonly string[];
}

/** Local aliases of callees, as `sinkOf` and `summaryOf` resolve them. */
export type CalleeAliases = (name: string) => ts.Expression | undefined;

/** The project class a local name holds, when known (`const api = new Api()`, `api: Api`). */
export type LocalClasses = (name: string) => string | undefined;

const MAX_INLINE_DEPTH = 3;
// Results that are numbers or booleans whatever the input: they cannot carry a payload.
const CLEAN_METHODS = new Set([
  'includes',
  'startsWith',
  'endsWith',
  'test',
  'has',
  'indexOf',
  'lastIndexOf',
  'localeCompare',
  'some',
  'every',
  'charCodeAt',
  'codePointAt',
  'search',
  'findIndex',
  'isAbsolute',
  'extname',
  'getTime',
  'valueOf',
]);
const CLEAN_FUNCTIONS =
  /^(Number|parseInt|parseFloat|Boolean|isNaN|isFinite|Math\.\w+|Date\.now|crypto\.randomUUID|randomUUID)$/;
const ARRAY_CALLBACKS = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'some',
  'every',
  'flatMap',
  'reduce',
  'then',
]);
const PROPAGATORS =
  /^(String|JSON\.parse|JSON\.stringify|Buffer\.from|decodeURIComponent|decodeURI|encodeURI|Array\.from|Object\.assign|Object\.values|Object\.entries|structuredClone|util\.format|format|path\.(join|resolve|normalize|dirname|posix\.\w+|win32\.\w+)|join|resolve|normalize|dirname|fileURLToPath|url\.fileURLToPath)$/;
// Where a request's credential is read: its Authorization header, or the token an SDK auth layer verified.
const CREDENTIAL_PATH = /\.headers\.authorization$|(^|\.)authInfo\.token$/i;
// Names of environment variables that hold credentials (not public keys meant for browsers).
// Domain-verification and challenge tokens (ACME, site verification, app challenges) are published by design.
const SECRET_NAME =
  /^(?!.*(PUBLIC|PUBLISHABLE|CHALLENGE|VERIFICATION|VERIFY))(?=.*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|PRIVATE))/i;
const MASKS = new Set([
  'slice',
  'substring',
  'substr',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
  'at',
  'charAt',
]);
const VALIDATES = new Set(['parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validateSync', 'cast']);
const COMMAND_ESCAPES = /^(quote|shellQuote|shellEscape|escapeShellArg|escapeShell\w*)$/;
const SQL_ESCAPES = /^(escape|escapeId|escapeLiteral|escapeIdentifier|format)$/;

/**
 * The taint analysis of one function body: statements in source order, branches forked and joined, guards that
 * exit proving values safe on the path after them, calls resolved to sinks, sanitizers, propagators, project
 * functions (through their summaries) and local closures (inline, to a small depth).
 */
export class FunctionAnalysis {
  readonly returns: Label[] = [];
  /** Parameters whose check guards the rest of the function (filled by the caller for summaries). */
  readonly proven = new Set<string>();
  private env: Env;
  private exhausted = false;
  /** Set for an MCP handler's own body: its return value is the result the client receives. */
  answersClient = false;

  constructor(
    private readonly host: AnalysisHost,
    private readonly module: TaintModule,
    env: Env,
    private readonly depth: number,
    /** Where parameters that reach sinks are collected, for the summary being computed (shared with nested analyses). */
    readonly sinks: SummarySink[] = [],
  ) {
    this.env = env;
  }

  private reach(sink: SummarySink): void {
    if (sink.label.origin.kind === 'param') this.sinks.push(sink);
    else this.host.reach(sink);
  }

  static bindParameters(
    fn: ts.SignatureDeclaration,
    module: TaintModule,
    taints: (index: number, parameter: ts.ParameterDeclaration) => Taint,
  ): Env {
    const env: Env = new Map();
    fn.parameters.forEach((parameter, index) => {
      bindName(env, parameter.name, taints(index, parameter), module);
      const className = typeName(parameter.type);
      if (className && ts.isIdentifier(parameter.name)) env.get(parameter.name.text)!.className = className;
    });
    return env;
  }

  /** Analyses a function body (a block or an arrow's expression). */
  run(body: ts.Node): void {
    if (ts.isBlock(body)) this.block(body.statements);
    else {
      const taint = this.value(body as ts.Expression);
      this.returns.push(...taint);
      this.answer(body, taint);
    }
  }

  /** What a tool handler returns is sent to the client: the server's secrets must not be in it. */
  private answer(node: ts.Node, taint: Taint): void {
    if (!this.answersClient) return;
    for (const label of taint) {
      const arrived = { ...label, steps: appendStep(label.steps, this.step(node, 'returned to the client')) };
      if (harms(arrived, 'response'))
        this.reach({
          label: arrived,
          module: this.module,
          node,
          kind: 'response',
          does: 'returned to the client',
        });
    }
  }

  // ----- statements -----

  private block(statements: readonly ts.Statement[]): void {
    for (const statement of statements) this.statement(statement);
  }

  private statement(node: ts.Statement): void {
    if (this.exhausted || !this.host.spend()) {
      this.exhausted = true;
      return;
    }
    if (ts.isBlock(node)) this.block(node.statements);
    else if (ts.isVariableStatement(node)) this.declarations(node.declarationList);
    else if (ts.isExpressionStatement(node)) this.expressionStatement(node.expression);
    else if (ts.isReturnStatement(node)) {
      if (node.expression) {
        const taint = this.value(node.expression);
        this.returns.push(...extend(taint, this.step(node, 'returned')));
        this.answer(node, taint);
      }
    } else if (ts.isThrowStatement(node)) this.value(node.expression);
    else if (ts.isIfStatement(node)) this.ifStatement(node);
    else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const taint = this.value(node.expression);
      const element = ts.isForOfStatement(node) ? taint : CLEAN;
      if (ts.isVariableDeclarationList(node.initializer)) {
        for (const declaration of node.initializer.declarations)
          bindName(this.env, declaration.name, element, this.module);
      }
      this.statement(node.statement);
    } else if (ts.isForStatement(node)) {
      if (node.initializer) {
        if (ts.isVariableDeclarationList(node.initializer)) this.declarations(node.initializer);
        else this.value(node.initializer);
      }
      if (node.condition) this.value(node.condition);
      this.statement(node.statement);
      if (node.incrementor) this.value(node.incrementor);
    } else if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      this.value(node.expression);
      this.statement(node.statement);
    } else if (ts.isTryStatement(node)) {
      this.block(node.tryBlock.statements);
      if (node.catchClause) this.block(node.catchClause.block.statements);
      if (node.finallyBlock) this.block(node.finallyBlock.statements);
    } else if (ts.isSwitchStatement(node)) {
      this.value(node.expression);
      const before = this.env;
      const after: Env[] = [before];
      for (const clause of node.caseBlock.clauses) {
        this.env = new Map(before);
        this.block(clause.statements);
        after.push(this.env);
      }
      this.env = after.reduce(join);
    } else if (ts.isLabeledStatement(node)) this.statement(node.statement);
    else if (ts.isFunctionDeclaration(node) && node.name && node.body) {
      this.env.set(node.name.text, { taint: CLEAN, fn: node });
    }
  }

  private declarations(list: ts.VariableDeclarationList): void {
    for (const declaration of list.declarations) {
      if (!declaration.initializer) continue;
      const init = skipOuter(declaration.initializer);
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isIdentifier(declaration.name)) {
        this.env.set(declaration.name.text, { taint: CLEAN, fn: init });
        // What the closure captures is read when it runs; analyse it once here with its parameters clean.
        this.callback(init, []);
        continue;
      }
      const taint = this.value(declaration.initializer);
      const name = declaration.name;
      const step =
        taint.length > 0 && ts.isIdentifier(name)
          ? this.step(declaration, `assigned to \`${name.text}\``)
          : undefined;
      bindName(this.env, name, extend(taint, step), this.module);
      if (ts.isIdentifier(name)) {
        const binding = this.env.get(name.text)!;
        const from = derivation(init);
        if (from) binding.from = from;
        if (isPromisify(init)) binding.alias = (init as ts.CallExpression).arguments[0];
        if (ts.isObjectLiteralExpression(init)) binding.literal = init;
        const className = classOf(init) ?? typeName(declaration.type);
        if (className) binding.className = className;
      }
    }
  }

  private expressionStatement(expression: ts.Expression): void {
    const inner = skipOuter(expression);
    this.value(expression);
    if (!ts.isCallExpression(inner)) return;
    // assert(cond) / invariant(cond): the rest of the function runs only when cond holds.
    const callee = inner.expression.getText();
    if (
      /^(assert|assert\.ok|invariant|console\.assert)$/.test(callee) &&
      inner.arguments[0] &&
      callee !== 'console.assert'
    ) {
      this.prove(proofOf(inner.arguments[0], this.derivedFrom).whenTrue);
    }
  }

  private ifStatement(node: ts.IfStatement): void {
    this.value(node.expression);
    const proof = proofOf(node.expression, this.derivedFrom);
    for (const { paths, note } of proof.weak ?? []) {
      for (const path of paths) {
        const taint = this.lookupPath(path);
        if (taint.length > 0)
          this.env.set(path, {
            ...this.env.get(path),
            taint: extend(taint, this.step(node.expression, note)),
          });
      }
    }
    const before = this.env;
    this.env = new Map(before);
    this.prove(proof.whenTrue);
    this.statement(node.thenStatement);
    const thenEnv = this.env;
    this.env = new Map(before);
    this.prove(proof.whenFalse);
    if (node.elseStatement) this.statement(node.elseStatement);
    const elseEnv = this.env;
    const thenExits = exits(node.thenStatement);
    const elseExits = node.elseStatement !== undefined && exits(node.elseStatement);
    if (thenExits && !elseExits) {
      this.env = elseEnv;
      for (const path of proof.whenFalse) this.proven.add(path);
    } else if (elseExits && !thenExits) this.env = thenEnv;
    else this.env = join(thenEnv, elseEnv);
  }

  private readonly derivedFrom = (path: string): string | undefined => this.env.get(path)?.from;

  /** Marks values safe from here on (each access path, and what it was derived from). */
  private prove(paths: ReadonlySet<string>): void {
    for (const path of paths) {
      const current = this.lookupPath(path);
      this.env.set(path, { ...(this.env.get(path) ?? {}), taint: sanitize(current) });
    }
  }

  // ----- expressions -----

  /** The taint of an expression, reporting sinks it reaches on the way. */
  value(node: ts.Expression): Taint {
    if (this.exhausted) return CLEAN;
    if (!this.host.spend()) {
      this.exhausted = true;
      return CLEAN;
    }
    const inner = skipOuter(node);
    if (inner !== node) return this.value(inner);
    if (ts.isIdentifier(node)) return this.env.get(node.text)?.taint ?? CLEAN;
    if (ts.isPropertyAccessExpression(node)) return this.property(node);
    if (ts.isElementAccessExpression(node)) {
      const key = node.argumentExpression;
      if (accessPath(node.expression) === 'process.env') {
        // process.env[NAME]: a secret when the name says so; a computed name is not known to be one.
        return ts.isStringLiteral(key) && SECRET_NAME.test(key.text)
          ? this.secret(node, `secret \`${key.text}\``)
          : CLEAN;
      }
      this.value(node.argumentExpression);
      const base = extend(this.value(node.expression), undefined);
      if (
        ts.isStringLiteral(key) &&
        /^authorization$/i.test(key.text) &&
        /headers$/i.test(accessPath(node.expression) ?? '')
      )
        return union(this.credential(node), base);
      return base;
    }
    if (ts.isCallExpression(node)) return this.call(node);
    if (ts.isNewExpression(node)) return this.construct(node);
    if (ts.isTemplateExpression(node)) return this.template(node);
    if (ts.isTaggedTemplateExpression(node)) {
      // sql`...`, $`...`: the tag receives the values apart from the text and escapes or parameterises them.
      if (ts.isTemplateExpression(node.template))
        for (const span of node.template.templateSpans) this.value(span.expression);
      return CLEAN;
    }
    if (ts.isBinaryExpression(node)) return this.binary(node);
    if (ts.isConditionalExpression(node)) {
      this.value(node.condition);
      return union(this.value(node.whenTrue), this.value(node.whenFalse));
    }
    if (ts.isObjectLiteralExpression(node)) return this.object(node);
    if (ts.isArrayLiteralExpression(node)) return unionAll(node.elements.map((e) => this.value(e)));
    if (ts.isSpreadElement(node)) return this.value(node.expression);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      this.callback(node, []);
      return CLEAN;
    }
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      this.value(node.operand);
      return CLEAN;
    }
    if (ts.isTypeOfExpression(node) || ts.isVoidExpression(node) || ts.isDeleteExpression(node)) {
      this.value(node.expression);
      return CLEAN;
    }
    return CLEAN;
  }

  private property(node: ts.PropertyAccessExpression): Taint {
    const path = accessPath(node);
    if (path !== undefined && this.env.has(path)) return this.env.get(path)!.taint;
    if (path === 'process.env') return this.secret(node, 'the whole environment');
    if (path !== undefined && CREDENTIAL_PATH.test(path))
      return union(this.credential(node), this.value(node.expression));
    if (path?.startsWith('process.env.'))
      return SECRET_NAME.test(node.name.text) ? this.secret(node, `secret \`${node.name.text}\``) : CLEAN;
    const name = node.name.text;
    if (name === 'length') {
      this.value(node.expression);
      return CLEAN;
    }
    const base = this.value(node.expression);
    if (base.length === 0) return base;
    return base
      .filter((label) => !label.closed?.has(name))
      .map((label) => (label.closed ? { ...label, closed: undefined } : label));
  }

  /** The caller's own credential: it proves who calls this server, and must not be sent on to another. */
  private credential(node: ts.Node): Taint {
    return [
      {
        origin: { kind: 'credential' },
        steps: [this.step(node, "the caller's credential is read")],
        safeFor: new Set(),
        leading: true,
        spliced: false,
      },
    ];
  }

  /** A credential of the server's own: it may be used, never shown to the caller. */
  private secret(node: ts.Node, what: string): Taint {
    return [
      {
        origin: { kind: 'secret' },
        steps: [this.step(node, `${what} read from the environment`)],
        safeFor: new Set(),
        leading: true,
        spliced: false,
      },
    ];
  }

  private lookupPath(path: string): Taint {
    const direct = this.env.get(path);
    if (direct) return direct.taint;
    const dot = path.lastIndexOf('.');
    if (dot < 0) return CLEAN;
    const name = path.slice(dot + 1);
    return this.lookupPath(path.slice(0, dot)).filter((label) => !label.closed?.has(name));
  }

  private template(node: ts.TemplateExpression): Taint {
    const parts: (string | Taint)[] = [node.head.text];
    for (const span of node.templateSpans) {
      parts.push(this.value(span.expression), span.literal.text);
    }
    return this.concatenate(parts, node);
  }

  private binary(node: ts.BinaryExpression): Taint {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) {
      const taint = this.value(node.right);
      this.assign(node.left, taint, node);
      return taint;
    }
    if (
      op === ts.SyntaxKind.PlusEqualsToken ||
      op === ts.SyntaxKind.QuestionQuestionEqualsToken ||
      op === ts.SyntaxKind.BarBarEqualsToken
    ) {
      const taint = union(this.value(node.left), this.value(node.right));
      this.assign(node.left, taint, node);
      return taint;
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const parts: (string | Taint)[] = [];
      this.flattenPlus(node, parts);
      return this.concatenate(parts, node);
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken)
      return union(this.value(node.left), this.value(node.right));
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      this.value(node.left);
      return this.value(node.right);
    }
    if (op === ts.SyntaxKind.CommaToken) {
      this.value(node.left);
      return this.value(node.right);
    }
    this.value(node.left);
    this.value(node.right);
    return CLEAN;
  }

  private flattenPlus(node: ts.Expression, parts: (string | Taint)[]): void {
    const inner = skipOuter(node);
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      this.flattenPlus(inner.left, parts);
      this.flattenPlus(inner.right, parts);
    } else if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) parts.push(inner.text);
    else parts.push(this.value(inner));
  }

  /**
   * Text built from pieces: tainted pieces keep their labels, marked spliced when fixed text surrounds them, and no
   * longer leading once anything but a bare scheme and host precedes them (the URL's server is then fixed).
   */
  private concatenate(parts: readonly (string | Taint)[], node: ts.Node): Taint {
    let prefix = '';
    let fixedBefore = false;
    const pieces = parts.filter((p) => typeof p !== 'string' || p.length > 0).length;
    const out: Taint[] = [];
    for (const part of parts) {
      if (typeof part === 'string') {
        prefix += part;
        continue;
      }
      if (part.length > 0) {
        const leading = !fixedBefore && (prefix === '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i.test(prefix));
        out.push(
          part.map((label) => ({
            ...label,
            closed: undefined,
            leading: label.leading && leading,
            spliced: label.spliced || pieces > 1,
          })),
        );
      } else fixedBefore = true;
      prefix += '\u0000';
    }
    const taint = unionAll(out);
    return taint.length > 0 ? extend(taint, this.step(node, 'built into a string')) : taint;
  }

  private object(node: ts.ObjectLiteralExpression): Taint {
    const out: Taint[] = [];
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        const value = this.value(property.initializer);
        if (isAuthorizationKey(property.name) && !insideIncomingRequest(node))
          this.sendsCredential(property, value);
        out.push(value);
      } else if (ts.isShorthandPropertyAssignment(property))
        out.push(this.env.get(property.name.text)?.taint ?? CLEAN);
      else if (ts.isSpreadAssignment(property)) out.push(this.value(property.expression));
      else if (ts.isMethodDeclaration(property) || ts.isAccessor(property)) this.callback(property, []);
    }
    return unionAll(out);
  }

  private assign(target: ts.Expression, taint: Taint, node: ts.Node): void {
    const inner = skipOuter(target);
    if (ts.isIdentifier(inner)) {
      const step = taint.length > 0 ? this.step(node, `assigned to \`${inner.text}\``) : undefined;
      const previous = this.env.get(inner.text);
      this.env.set(inner.text, { ...(previous?.fn ? {} : {}), taint: extend(taint, step) });
      // Facts about its old properties no longer hold.
      for (const key of [...this.env.keys()]) if (key.startsWith(`${inner.text}.`)) this.env.delete(key);
      return;
    }
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
      const key = ts.isPropertyAccessExpression(inner) ? inner.name : inner.argumentExpression;
      if (isAuthorizationKey(key)) this.sendsCredential(node, taint);
      // obj.key = tainted taints obj (weakly: it keeps what it had).
      let root: ts.Expression = inner;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root))
        root = skipOuter(root.expression);
      if (ts.isIdentifier(root) && taint.length > 0) {
        const previous = this.env.get(root.text);
        this.env.set(root.text, {
          ...previous,
          taint: union(
            previous?.taint ?? CLEAN,
            extend(taint, this.step(node, `stored in \`${root.text}\``)),
          ),
        });
      }
      return;
    }
    if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
      for (const element of ts.isObjectLiteralExpression(inner) ? inner.properties : inner.elements) {
        if (ts.isShorthandPropertyAssignment(element)) this.assign(element.name, taint, node);
        else if (ts.isPropertyAssignment(element)) this.assign(element.initializer, taint, node);
        else if (ts.isExpression(element)) this.assign(element, taint, node);
      }
    }
  }

  private construct(node: ts.NewExpression): Taint {
    const args = (node.arguments ?? []).map((arg) => this.argument(arg, CLEAN));
    const sink = this.host.sinkOf(this.module, node, this.aliases);
    if (sink) this.sink(node, sink, node.arguments ?? [], args);
    const callee = node.expression.getText();
    // new URL(x, base) is steered by x: an absolute x replaces the base.
    if (/^(URL|url\.URL)$/.test(callee)) return extend(args[0] ?? CLEAN, this.step(node, 'parsed as a URL'));
    if (/^(String|Buffer)$/.test(callee)) return args[0] ?? CLEAN;
    return CLEAN;
  }

  private readonly aliases: CalleeAliases = (name) => this.env.get(name)?.alias;
  private readonly classes: LocalClasses = (name) => this.env.get(name)?.className;

  private call(node: ts.CallExpression): Taint {
    const callee = skipOuter(node.expression);
    // An immediately invoked function runs here, with the arguments given.
    if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
      const args = node.arguments.map((arg) => this.value(arg));
      return this.inline(callee, args, node);
    }
    let receiver: Taint = CLEAN;
    let method = '';
    if (ts.isPropertyAccessExpression(callee)) {
      method = callee.name.text;
      receiver = this.value(callee.expression);
    } else if (ts.isElementAccessExpression(callee)) {
      receiver = this.value(callee.expression);
    }
    // Array callbacks see the elements of their receiver.
    const element = ARRAY_CALLBACKS.has(method) ? receiver : CLEAN;
    const args = node.arguments.map((arg) => this.argument(arg, element));
    const calleeText = callee.getText();

    const sink = this.host.sinkOf(this.module, node, this.aliases) ?? this.queryMethod(node, method);
    if (sink) this.sink(node, sink, node.arguments, args);
    const first = node.arguments[0];
    const headerName =
      first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : '';
    if (/^authorization$/i.test(headerName)) {
      // headers.get('authorization'), req.get/header('authorization'): the caller's credential.
      if (/^(get|header|getHeader)$/.test(method)) return union(this.credential(node), receiver);
      // headers.set('Authorization', token) on an outbound request.
      if (/^(set|append)$/.test(method) && args[1]) this.sendsCredential(node, args[1]);
    }

    if (CLEAN_FUNCTIONS.test(calleeText) || CLEAN_METHODS.has(method)) return CLEAN;
    if (/^(path\.)?basename$/.test(calleeText)) return sanitize(args[0] ?? CLEAN, PATH_ONLY);
    if (/^encodeURIComponent$/.test(calleeText)) return sanitize(args[0] ?? CLEAN, KINDS_EXCEPT_SQL);
    if (COMMAND_ESCAPES.test(calleeText.split('.').pop() ?? ''))
      return sanitize(unionAll(args), COMMAND_ONLY);
    if (
      SQL_ESCAPES.test(method) &&
      /^(mysql|connection|pool|db|client|pgFormat|format|sqlstring|SqlString)/i.test(calleeText)
    )
      return sanitize(unionAll(args), SQL_ONLY);
    if (method === 'replace' || method === 'replaceAll') {
      // x.replace(/[^a-z0-9]/g, '') keeps only what an allow-list of characters admits.
      const pattern = node.arguments[0] && skipOuter(node.arguments[0]);
      if (
        pattern &&
        ts.isRegularExpressionLiteral(pattern) &&
        /^\/\[\^[^\]]*\][+*]?\/[a-z]*g/.test(pattern.text)
      )
        return sanitize(receiver);
    }
    if (/^(path\.)?relative$/.test(calleeText)) return unionAll(args);

    const resolved = this.host.summaryOf(this.module, node, this.aliases, this.classes);
    if (resolved) return this.apply(resolved, node, args);
    const local = ts.isIdentifier(callee) ? this.env.get(callee.text)?.fn : undefined;
    if (local) return this.inline(local, args, node);

    if (PROPAGATORS.test(calleeText)) return extend(unionAll(args), undefined);
    // schema.parse(input): the input, checked for shape; whether its fields are closed is the schema's business.
    if (VALIDATES.has(method) && args.length > 0) return unionAll(args);
    // A part of a secret (a masked key: key.slice(0, 4) + '…') shows no secret.
    if (MASKS.has(method)) receiver = receiver.filter((label) => label.origin.kind !== 'secret');
    // String and array methods on a tainted receiver keep its taint (trim, split, join, slice, toString, ...).
    if (receiver.length > 0 && method !== '' && !ARRAY_CALLBACKS.has(method)) return receiver;
    if (method === 'map' || method === 'flatMap' || method === 'filter' || method === 'find') return receiver;
    if (method === 'concat') return union(receiver, unionAll(args));
    return CLEAN;
  }

  /** An argument's taint; a function argument is a callback, analysed with its first parameter as `element`. */
  private argument(arg: ts.Expression, element: Taint): Taint {
    const inner = skipOuter(arg);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
      return this.callback(inner, [element]);
    }
    return this.value(arg);
  }

  /** A function passed somewhere (or defined here): its body sees this scope; returns what it returns. */
  private callback(fn: ts.FunctionLikeDeclaration, params: readonly Taint[]): Taint {
    if (!fn.body || this.depth > MAX_INLINE_DEPTH + 2) return CLEAN;
    const env = new Map(this.env);
    fn.parameters.forEach((parameter, index) =>
      bindName(env, parameter.name, params[index] ?? CLEAN, this.module),
    );
    const inner = new FunctionAnalysis(this.host, this.module, env, this.depth + 1, this.sinks);
    inner.run(fn.body);
    this.exhausted ||= inner.exhausted;
    return unionAll([inner.returns]);
  }

  /** A local function called with these arguments, analysed in place (a few levels deep). */
  private inline(fn: ts.FunctionLikeDeclaration, args: readonly Taint[], call: ts.Node): Taint {
    if (!fn.body || this.depth >= MAX_INLINE_DEPTH) return CLEAN;
    const env = new Map(this.env);
    const step = this.step(call, 'passed to a local function');
    fn.parameters.forEach((parameter, index) =>
      bindName(env, parameter.name, extend(args[index] ?? CLEAN, step), this.module),
    );
    const inner = new FunctionAnalysis(this.host, this.module, env, this.depth + 1, this.sinks);
    inner.run(fn.body);
    this.exhausted ||= inner.exhausted;
    return unionAll([inner.returns]);
  }

  /** A project function's summary applied to this call's arguments. */
  private apply(resolved: ResolvedSummary, call: ts.CallExpression, args: readonly Taint[]): Taint {
    const { summary, name, params } = resolved;
    const paramNote = (index: number): string =>
      `passed to \`${name}()\`${params[index] ? ` as \`${params[index]}\`` : ''}`;
    for (const sink of summary.sinks) {
      const { label } = sink;
      if (label.origin.kind !== 'param') continue;
      const index = label.origin.index;
      for (const actual of args[index] ?? CLEAN) {
        const combined = combine(actual, label, this.step(call, paramNote(index)), label.steps);
        // Inside another summary the argument is itself a parameter: judge it where that summary is applied.
        const judged =
          combined.origin.kind === 'param' ? !combined.safeFor.has(sink.kind) : harms(combined, sink.kind);
        if (judged) this.reach({ ...sink, label: combined });
      }
    }
    const out: Taint[] = [];
    for (const label of summary.returns) {
      // A secret or credential the function reads itself comes out as it is.
      if (label.origin.kind === 'secret' || label.origin.kind === 'credential')
        out.push(extend([label], this.step(call, `returned by \`${name}()\``)));
      if (label.origin.kind !== 'param') continue;
      const index = label.origin.index;
      out.push(
        (args[index] ?? CLEAN).map((actual) =>
          combine(actual, label, this.step(call, paramNote(index)), label.steps),
        ),
      );
    }
    // A checked parameter is safe after the call returns (the function throws or exits otherwise).
    for (const index of summary.guards) {
      const arg = call.arguments[index];
      const path = arg && accessPath(arg);
      if (path) this.prove(new Set([path]));
    }
    return unionAll(out);
  }

  /** An Authorization value being set for a request to another service: the caller's token must not be it. */
  private sendsCredential(node: ts.Node, taint: Taint): void {
    for (const label of taint) {
      const arrived = {
        ...label,
        steps: appendStep(label.steps, this.step(node, "set as an upstream request's Authorization")),
      };
      const judged = label.origin.kind === 'param' || harms(arrived, 'upstream-credential');
      if (judged)
        this.reach({
          label: arrived,
          module: this.module,
          node,
          kind: 'upstream-credential',
          does: "sent as another service's credential",
        });
    }
  }

  private queryMethod(node: ts.CallExpression, method: string): SinkSpec | undefined {
    if (!QUERY_METHODS.has(method)) return undefined;
    const text = node.arguments[0] && skipOuter(node.arguments[0]);
    if (
      !text ||
      !(
        ts.isTemplateExpression(text) ||
        (ts.isBinaryExpression(text) && text.operatorToken.kind === ts.SyntaxKind.PlusToken)
      )
    )
      return undefined;
    for (const binding of this.module.imports.values())
      if (SQL_MODULES.test(binding.module)) return QUERY_SPEC;
    return undefined;
  }

  private sink(
    node: ts.CallExpression | ts.NewExpression,
    spec: SinkSpec,
    argNodes: readonly ts.Expression[],
    args: readonly Taint[],
  ): void {
    const indexes = spec.args === 'all' ? args.map((_, i) => i) : spec.args;
    const shell = spec.shellArgs ? hasShellOption(argNodes) || runsShell(argNodes) : true;
    const reached: Taint[] = [];
    for (const index of indexes) {
      // With an argument array and no shell, only the program itself (argument 0) is a sink.
      if (spec.shellArgs && index > 0 && !shell) continue;
      const arg = argNodes[index];
      if (!arg) continue;
      const objectArg = skipOuter(arg);
      if (spec.key && ts.isObjectLiteralExpression(objectArg)) continue;
      reached.push(args[index] ?? CLEAN);
    }
    if (spec.key) {
      for (const arg of argNodes) {
        let object = skipOuter(arg);
        // An options object built on an earlier line: its key as written there.
        if (ts.isIdentifier(object)) object = this.env.get(object.text)?.literal ?? object;
        if (!ts.isObjectLiteralExpression(object)) continue;
        for (const property of object.properties) {
          if (property.name && ts.isIdentifier(property.name) && property.name.text === spec.key) {
            const value = ts.isPropertyAssignment(property)
              ? this.value(property.initializer)
              : ts.isShorthandPropertyAssignment(property)
                ? (this.env.get(property.name.text)?.taint ?? CLEAN)
                : CLEAN;
            reached.push(extend(value, this.step(property, `given as the \`${spec.key}\` option`)));
          }
        }
      }
    }
    const note = `reaches ${SINK_DESCRIPTIONS[spec.kind]}: ${spec.does}`;
    for (const label of unionAll(reached)) {
      const arrived = { ...label, steps: appendStep(label.steps, this.step(node, note)) };
      // A parameter's label is judged where the summary is applied, with the caller's argument folded in.
      const judged =
        label.origin.kind === 'param' ? !label.safeFor.has(spec.kind) : harms(arrived, spec.kind);
      if (judged) this.reach({ label: arrived, module: this.module, node, kind: spec.kind, does: spec.does });
    }
  }

  private step(node: ts.Node, note: string): PathStep {
    return { file: this.module.facts, offset: node.getStart(this.module.tree), note };
  }
}

/** A property or element key spelled Authorization (any case). */
function isAuthorizationKey(name: ts.Node): boolean {
  return (
    (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) &&
    /^authorization$/i.test(name.text)
  );
}

/** An object literal given to `new Request(...)`: a rewritten incoming request stays in this server. */
function insideIncomingRequest(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    parent !== undefined &&
    (ts.isNewExpression(parent) ||
      (ts.isPropertyAssignment(parent) &&
        parent.parent.parent &&
        ts.isNewExpression(parent.parent.parent))) &&
    /^(Request|NextRequest)$/.test(
      (ts.isNewExpression(parent) ? parent : (parent.parent.parent as ts.NewExpression)).expression.getText(),
    )
  );
}

/** An actual argument's label carried through a callee's label (from its parameter to a return or a sink). */
function combine(actual: Label, through: Label, callStep: PathStep, steps: readonly PathStep[]): Label {
  let path = appendStep(actual.steps, callStep);
  for (const step of steps) path = appendStep(path, step);
  return {
    origin: actual.origin,
    steps: path,
    safeFor: new Set([...actual.safeFor, ...through.safeFor]),
    leading: actual.leading && through.leading,
    spliced: actual.spliced || through.spliced,
  };
}

/** Binds a name or a destructuring pattern to a value's taint (destructured keys honour schema-closed fields). */
function bindName(env: Env, name: ts.BindingName, taint: Taint, module: TaintModule): void {
  if (ts.isIdentifier(name)) {
    env.set(name.text, { taint });
    for (const key of [...env.keys()]) if (key.startsWith(`${name.text}.`)) env.delete(key);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    let taintOf = taint;
    if (ts.isObjectBindingPattern(name)) {
      const key = element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined);
      const keyText = key && (ts.isIdentifier(key) || ts.isStringLiteral(key)) ? key.text : undefined;
      taintOf = taint.filter((label) => !(keyText && label.closed?.has(keyText)));
      if (taintOf.length > 0 && ts.isIdentifier(element.name)) {
        taintOf = extend(taintOf, {
          file: module.facts,
          offset: element.getStart(module.tree),
          note: `\`${element.name.text}\` read from it`,
        });
      }
    }
    bindName(
      env,
      element.name,
      taintOf.map((l) => (l.closed ? { ...l, closed: undefined } : l)),
      module,
    );
  }
}

function join(a: Env, b: Env): Env {
  const out: Env = new Map();
  for (const [key, binding] of a) {
    const other = b.get(key);
    // A fact about a property that holds on one branch only does not hold after the join.
    if (!other) {
      if (!key.includes('.')) out.set(key, binding);
      continue;
    }
    out.set(key, { ...binding, taint: union(binding.taint, other.taint) });
  }
  for (const [key, binding] of b) if (!a.has(key) && !key.includes('.')) out.set(key, binding);
  return out;
}

/** Whether a statement always leaves the enclosing block (return, throw, continue, break). */
function exits(node: ts.Statement): boolean {
  if (
    ts.isReturnStatement(node) ||
    ts.isThrowStatement(node) ||
    ts.isContinueStatement(node) ||
    ts.isBreakStatement(node)
  )
    return true;
  if (ts.isBlock(node)) {
    const last = node.statements[node.statements.length - 1];
    return last !== undefined && exits(last);
  }
  if (ts.isIfStatement(node))
    return node.elseStatement !== undefined && exits(node.thenStatement) && exits(node.elseStatement);
  if (ts.isExpressionStatement(node)) {
    const inner = skipOuter(node.expression);
    return ts.isCallExpression(inner) && /^process\.exit$/.test(inner.expression.getText());
  }
  return false;
}

/** What a value was computed from, for checks on it to prove that too: new URL(x), path.resolve(root, x), ... */
function derivation(init: ts.Expression): string | undefined {
  if (ts.isNewExpression(init) && /^(URL|url\.URL)$/.test(init.expression.getText()) && init.arguments?.[0])
    return accessPath(init.arguments[0]);
  if (ts.isCallExpression(init)) {
    const callee = init.expression.getText();
    const args = init.arguments;
    if (/^(path\.)?(resolve|join|normalize|relative)$/.test(callee) && args.length > 0)
      return accessPath(args[args.length - 1]!);
    if (/^(fs\.)?(realpath|realpathSync)(\.native)?$|^fs\.promises\.realpath$/.test(callee) && args[0])
      return accessPath(args[0]);
  }
  return undefined;
}

function isPromisify(init: ts.Expression): boolean {
  return (
    ts.isCallExpression(init) &&
    /^(util\.)?promisify$/.test(init.expression.getText()) &&
    init.arguments.length === 1
  );
}

/** spawn('sh', ['-c', command]): the argument array is a shell command line. */
function runsShell(args: readonly ts.Expression[]): boolean {
  const program = args[0] && skipOuter(args[0]);
  const list = args[1] && skipOuter(args[1]);
  if (!program || !ts.isStringLiteral(program) || !list || !ts.isArrayLiteralExpression(list)) return false;
  if (!/^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/.test(program.text))
    return false;
  return list.elements.some((e) => ts.isStringLiteral(e) && /^(-c|\/c|-Command)$/i.test(e.text));
}

function hasShellOption(args: readonly ts.Expression[]): boolean {
  for (const arg of args) {
    const inner = skipOuter(arg);
    if (!ts.isObjectLiteralExpression(inner)) continue;
    for (const property of inner.properties) {
      if (property.name && ts.isIdentifier(property.name) && property.name.text === 'shell') {
        if (ts.isPropertyAssignment(property) && property.initializer.kind === ts.SyntaxKind.FalseKeyword)
          return false;
        return true;
      }
    }
  }
  return false;
}

/** The class a value is created as: `new C(...)` with C a plain name. */
function classOf(init: ts.Expression): string | undefined {
  return ts.isNewExpression(init) && ts.isIdentifier(init.expression) ? init.expression.text : undefined;
}

/** The class a type annotation names (`api: Api`, `Promise<Api>` is not followed). */
export function typeName(type: ts.TypeNode | undefined): string | undefined {
  return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)
    ? type.typeName.text
    : undefined;
}
