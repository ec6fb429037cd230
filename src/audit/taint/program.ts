import path from 'node:path';
import { ts } from 'ts-morph';
import type { SyntaxTrees } from '../facts/trees.js';
import type { FileFacts } from '../facts/types.js';
import {
  FunctionAnalysis,
  typeName,
  type AnalysisHost,
  type CalleeAliases,
  type LocalClasses,
  type ResolvedSummary,
} from './analysis.js';
import { findEntries } from './entries.js';
import { skipOuter } from '../facts/argument.js';
import { TaintModule, type FunctionRef } from './module.js';
import { canonicalMember, canonicalModule, sinkByMethod, sinkByName, type SinkSpec } from './sinks.js';
import { EMPTY_SUMMARY, type Flow, type Summary, type SummarySink } from './types.js';

// Files that can hold an entry point: MCP registrations, FastMCP, hand-written registries and tool classes, routes.
const ENTRY_HINT =
  /export\s+(async\s+)?(function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b|\bas\s+(GET|POST)\b|export\s+default\s+(async\s+)?function|\.(tool|registerTool|prompt|registerPrompt|resource|registerResource|setRequestHandler|addTool|addPrompt|addResourceTemplate)\s*\(|\.(get|post|put|patch|delete|all|use|options|head)\s*\(\s*['"`/]|createServer\s*\(|inputSchema|input_schema|argsSchema|paramsSchema|parameters\s*:|extends\s+\w*Tool/;
// A project with none of these has no sink to reach (and no secret to leak), and is not analysed at all.
const SINK_HINT =
  /process\.env|child_process|execa|shelljs|cross-spawn|\beval\s*\(|\bFunction\s*\(|['"](node:)?vm['"]|['"](node:)?fs(\/promises)?['"]|fs-extra|graceful-fs|\bfetch\s*\(|axios|['"](got|ky|undici|node-fetch|cross-fetch|superagent|needle)['"]|['"](node:)?https?['"]|sendFile|saveAs|screenshot|\.pdf\s*\(|\$(query|execute)RawUnsafe|['"](pg|mysql2?|mysql2\/promise|better-sqlite3|sqlite3?|knex|sequelize|postgres|mssql)['"]/;

/** True when a file's text may hold an entry point, so that the taint analysis will read its tree. */
export function mayHoldEntryPoint(text: string): boolean {
  return ENTRY_HINT.test(text);
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
// Deepest chain of project functions summarised at once; deeper calls are treated as returning clean values.
const MAX_SUMMARY_DEPTH = 6;
// Work units (statements and expressions visited) per audit; past it the analysis stops and says so.
const BUDGET = 3_000_000;

/**
 * Taint analysis over a project: finds the entry points, analyses each handler with its input tainted, and follows
 * calls into project functions across modules through memoised summaries. Trees are parsed on demand, only for
 * files with an entry point and the files their calls lead to.
 */
export class TaintProgram implements AnalysisHost {
  private readonly byPath = new Map<string, FileFacts>();
  private readonly modules = new Map<string, TaintModule>();
  private readonly summaries = new Map<ts.Node, Summary | 'pending'>();
  private readonly found = new Map<string, Flow>();
  private summaryDepth = 0;
  private left: number;

  constructor(
    private readonly files: readonly FileFacts[],
    private readonly trees: SyntaxTrees,
    budget = BUDGET,
  ) {
    this.left = budget;
    for (const file of files) this.byPath.set(file.path, file);
  }

  /** Whether the analysis stopped at its budget (its findings may then be incomplete). */
  get exhausted(): boolean {
    return this.left <= 0;
  }

  /** Every tainted value that reaches a sink, one per sink and kind, in file and position order. */
  flows(): Flow[] {
    if (!this.files.some((file) => SINK_HINT.test(file.text))) return [];
    const files = [...this.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of files) {
      if (!mayHoldEntryPoint(file.text)) continue;
      const module = this.module(file);
      for (const entry of findEntries(module)) {
        if (!entry.fn.body) continue;
        const env = FunctionAnalysis.bindParameters(entry.fn, module, (index, parameter) => {
          const param = entry.params.find((p) => p.index === index);
          if (!param) return [];
          return [
            {
              origin: { kind: 'source' },
              steps: [
                {
                  file: module.facts,
                  offset: parameter.getStart(module.tree),
                  note: `${param.what} enters as \`${parameter.name.getText(module.tree).replace(/\s+/g, ' ')}\``,
                },
              ],
              safeFor: new Set(),
              leading: true,
              spliced: false,
              closed: param.closed,
            },
          ];
        });
        const analysis = new FunctionAnalysis(this, module, env, 0);
        analysis.answersClient = entry.answersClient;
        analysis.run(entry.fn.body);
      }
    }
    return [...this.found.values()].sort(
      (a, b) =>
        (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0) ||
        a.pos - b.pos ||
        (a.kind < b.kind ? -1 : 1),
    );
  }

  spend(): boolean {
    return --this.left > 0;
  }

  reach(sink: SummarySink): void {
    const key = `${sink.module.facts.path}\u0000${sink.node.pos}\u0000${sink.kind}`;
    if (this.found.has(key)) return;
    this.found.set(key, {
      kind: sink.kind,
      file: sink.module.facts,
      pos: sink.node.pos,
      end: sink.node.end,
      syntaxKind: sink.node.kind,
      steps: sink.label.steps,
    });
  }

  sinkOf(
    module: TaintModule,
    call: ts.CallExpression | ts.NewExpression,
    aliases: CalleeAliases,
  ): SinkSpec | undefined {
    const base = canonicalName(module, call.expression, aliases, 0);
    const name = base === undefined ? undefined : ts.isNewExpression(call) ? `${base}()` : base;
    const byName = name === undefined ? undefined : sinkByName(name);
    if (byName) return byName;
    const callee = skipOuter(call.expression);
    if (ts.isPropertyAccessExpression(callee))
      return sinkByMethod(callee.name.text, callee.expression.getText(module.tree));
    return undefined;
  }

  summaryOf(
    module: TaintModule,
    call: ts.CallExpression,
    aliases: CalleeAliases,
    classes: LocalClasses,
  ): ResolvedSummary | undefined {
    const ref = this.resolve(module, call, aliases, classes);
    if (!ref?.node.body) return undefined;
    const params = ref.node.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const name = functionName(ref.node);
    const memo = this.summaries.get(ref.node);
    if (memo === 'pending') return { summary: EMPTY_SUMMARY, name, params };
    if (memo) return { summary: memo, name, params };
    if (this.summaryDepth >= MAX_SUMMARY_DEPTH) return undefined;
    this.summaries.set(ref.node, 'pending');
    this.summaryDepth++;
    try {
      const summary = this.summarise(ref);
      this.summaries.set(ref.node, summary);
      return { summary, name, params };
    } finally {
      this.summaryDepth--;
    }
  }

  private summarise(ref: FunctionRef): Summary {
    const { node, file } = ref;
    const env = FunctionAnalysis.bindParameters(node, file, (index, parameter) => [
      {
        origin: { kind: 'param', index },
        steps: [
          {
            file: file.facts,
            offset: parameter.getStart(file.tree),
            note: `parameter \`${parameter.name.getText(file.tree).replace(/\s+/g, ' ')}\``,
          },
        ],
        safeFor: new Set(),
        leading: true,
        spliced: false,
      },
    ]);
    const analysis = new FunctionAnalysis(this, file, env, 0);
    analysis.run(node.body!);
    const guards = new Set<number>();
    node.parameters.forEach((parameter, index) => {
      if (ts.isIdentifier(parameter.name) && analysis.proven.has(parameter.name.text)) guards.add(index);
    });
    return {
      returns: analysis.returns.filter((label) => label.origin.kind !== 'source'),
      sinks: analysis.sinks,
      guards,
    };
  }

  /** The project function a call runs, when it can be told from the syntax and the imports. */
  private resolve(
    module: TaintModule,
    call: ts.CallExpression,
    aliases: CalleeAliases,
    classes: LocalClasses,
  ): FunctionRef | undefined {
    const callee = skipOuter(call.expression);
    if (ts.isIdentifier(callee)) {
      if (aliases(callee.text)) return undefined;
      return this.functionNamed(module, callee.text, 0);
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const receiver = skipOuter(callee.expression);
    if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = enclosingClass(call);
      return owner ? methodOf(owner, method, module) : undefined;
    }
    // this.api.method(): the field's class, from its declaration, its type or a `this.api = new C()`.
    if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = enclosingClass(call);
      const className = owner && fieldClass(owner, receiver.name.text);
      const cls = className === undefined ? undefined : this.classNamed(module, className, 0);
      return cls && methodOf(cls.node, method, cls.file);
    }
    if (!ts.isIdentifier(receiver)) return undefined;
    // A local holding a project class instance (`const api = new Api()`, `api: Api`).
    const local = classes(receiver.text);
    if (local) {
      const cls = this.classNamed(module, local, 0);
      return cls && methodOf(cls.node, method, cls.file);
    }
    // A namespace import of a project module, a project class (static method), or a module constant `new C()`.
    const imported = module.imports.get(receiver.text);
    if (imported?.exportName === '*' && imported.module.startsWith('.')) {
      const target = this.importTarget(module, imported.module);
      return target ? this.exportedFunction(target, method, 0) : undefined;
    }
    const owner = this.classNamed(module, receiver.text, 0);
    if (owner) return methodOf(owner.node, method, owner.file);
    const constant = module.constants.get(receiver.text);
    const created = constant && skipOuter(constant);
    if (created && ts.isNewExpression(created) && ts.isIdentifier(created.expression)) {
      const cls = this.classNamed(module, created.expression.text, 0);
      if (cls) return methodOf(cls.node, method, cls.file);
    }
    return undefined;
  }

  private functionNamed(module: TaintModule, name: string, hops: number): FunctionRef | undefined {
    const local = module.functions.get(name);
    if (local) return { node: local, file: module };
    const imported = module.imports.get(name);
    if (!imported || !imported.module.startsWith('.') || hops > 5) return undefined;
    const target = this.importTarget(module, imported.module);
    return target && this.exportedFunction(target, imported.exportName, hops + 1);
  }

  private exportedFunction(module: TaintModule, exportName: string, hops: number): FunctionRef | undefined {
    if (hops > 5) return undefined;
    const local = module.exports.get(exportName);
    if (local !== undefined) return this.functionNamed(module, local, hops + 1);
    for (const re of module.reexports) {
      if (re.exportName !== exportName && re.exportName !== '*') continue;
      const target = this.importTarget(module, re.module);
      const found =
        target && this.exportedFunction(target, re.exportName === '*' ? exportName : re.importName, hops + 1);
      if (found) return found;
    }
    return undefined;
  }

  private classNamed(
    module: TaintModule,
    name: string,
    hops: number,
  ): { node: ts.ClassLikeDeclaration; file: TaintModule } | undefined {
    const local = module.classes.get(name);
    if (local) return { node: local, file: module };
    const imported = module.imports.get(name);
    if (!imported || !imported.module.startsWith('.') || hops > 5) return undefined;
    const target = this.importTarget(module, imported.module);
    if (!target) return undefined;
    const exported = target.exports.get(imported.exportName);
    return exported === undefined ? undefined : this.classNamed(target, exported, hops + 1);
  }

  /** The project file a relative import names (`./x.js` is `./x.ts` in the sources). */
  private importTarget(from: TaintModule, specifier: string): TaintModule | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from.facts.path), specifier));
    const stem = joined.replace(/\.(js|jsx|mjs|cjs|ts|tsx)$/, '');
    const candidates = [
      joined,
      ...EXTENSIONS.map((e) => stem + e),
      ...EXTENSIONS.map((e) => `${joined}/index${e}`),
    ];
    for (const candidate of candidates) {
      const facts = this.byPath.get(candidate);
      if (facts) return this.module(facts);
    }
    return undefined;
  }

  private module(facts: FileFacts): TaintModule {
    let module = this.modules.get(facts.path);
    if (!module) {
      module = new TaintModule(facts, this.trees.get(facts));
      this.modules.set(facts.path, module);
    }
    return module;
  }
}

/**
 * The callee as a canonical dotted name: the module an imported binding comes from, followed by members, with
 * `promisify(f)` seen through and `new C()`/`f()` results written `C()`/`f()` (`pg.Pool().query`). Undefined for
 * project code and values the syntax cannot name.
 */
function canonicalName(
  module: TaintModule,
  node: ts.Expression,
  aliases: CalleeAliases,
  depth: number,
): string | undefined {
  if (depth > 6) return undefined;
  const expr = skipOuter(node);
  if (ts.isIdentifier(expr)) {
    const alias = aliases(expr.text);
    if (alias) return canonicalName(module, alias, aliases, depth + 1);
    const imported = module.imports.get(expr.text);
    if (imported) {
      const base = canonicalModule(imported.module);
      return imported.exportName === '*' || imported.exportName === 'default'
        ? base
        : canonicalMember(base, imported.exportName);
    }
    const constant = module.constants.get(expr.text);
    if (constant) {
      const value = skipOuter(constant);
      if (
        ts.isCallExpression(value) &&
        /^(util\.)?promisify$/.test(value.expression.getText(module.tree)) &&
        value.arguments[0]
      )
        return canonicalName(module, value.arguments[0], aliases, depth + 1);
      if (ts.isNewExpression(value)) {
        const base = canonicalName(module, value.expression, aliases, depth + 1);
        return base === undefined ? undefined : `${base}()`;
      }
      if (ts.isCallExpression(value)) {
        const base = canonicalName(module, value.expression, aliases, depth + 1);
        return base === undefined ? undefined : `${base}()`;
      }
      if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value))
        return canonicalName(module, value, aliases, depth + 1);
      return undefined;
    }
    if (module.functions.has(expr.text) || module.classes.has(expr.text)) return undefined;
    return expr.text;
  }
  if (ts.isPropertyAccessExpression(expr)) {
    const base = canonicalName(module, expr.expression, aliases, depth + 1);
    return base === undefined ? undefined : canonicalMember(base, expr.name.text);
  }
  if (ts.isNewExpression(expr)) {
    const base = canonicalName(module, expr.expression, aliases, depth + 1);
    return base === undefined ? undefined : `${base}()`;
  }
  return undefined;
}

/** The class a field of a class holds: its type, its initializer, a constructor parameter property, or `this.x = new C()`. */
function fieldClass(owner: ts.ClassLikeDeclaration, field: string): string | undefined {
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === field) {
      const init = member.initializer && skipOuter(member.initializer);
      if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression)) return init.expression.text;
      const typed = typeName(member.type);
      if (typed) return typed;
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === field && parameter.modifiers?.length)
          return typeName(parameter.type);
      }
    }
  }
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.left.name.text === field
    ) {
      const value = skipOuter(node.right);
      if (ts.isNewExpression(value) && ts.isIdentifier(value.expression)) found = value.expression.text;
    }
    ts.forEachChild(node, visit);
  };
  for (const member of owner.members)
    if (ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member)) visit(member);
  return found;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassDeclaration(current) || ts.isClassExpression(current)) return current;
  }
  return undefined;
}

function methodOf(owner: ts.ClassLikeDeclaration, name: string, file: TaintModule): FunctionRef | undefined {
  for (const member of owner.members) {
    if (
      ts.isMethodDeclaration(member) &&
      member.body &&
      ts.isIdentifier(member.name) &&
      member.name.text === name
    )
      return { node: member, file };
    if (
      ts.isPropertyDeclaration(member) &&
      ts.isIdentifier(member.name) &&
      member.name.text === name &&
      member.initializer &&
      (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))
    )
      return { node: member.initializer, file };
  }
  return undefined;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
    return node.name.getText();
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return 'function';
}
