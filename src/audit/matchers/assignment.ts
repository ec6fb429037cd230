import { ts } from 'ts-morph';
import type { Fact } from '../facts/types.js';
import { compilePattern, type Pattern } from '../regex/pattern.js';
import { sourceFileNode } from './syntax.js';
import type { EvaluationContext, Match, Matcher, Scope } from './types.js';

export interface AssignmentOptions {
  /** Pattern on the assigned target's source text, whitespace removed (`transports[sessionId]`, `currentUser`). */
  target?: string | string[];
  /**
   * When true, only writes, inside a function, to a `let`/`var` declared at the top level of the same file (state
   * shared by every caller of the process); writes that only initialise it once (`x ??= …`, `if (!x) x = …`) are left
   * out.
   */
  'module-level'?: boolean;
}

const ASSIGNMENT_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);
// What module-level state a request can leave for the next one: a value put there, not a counter or a cleared slot.
const STATE_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

// A `let`/`var` at the start of a line: top-level declarations of formatted code start there (an indented one is
// inside a block). A file without one is never handed to the type checker for module-level state.
const MAY_DECLARE_MUTABLE = /^(?:export\s+)?(?:let|var)\s/m;

/**
 * `assignment: { target, module-level }`: assignment expressions (`a = b`, `a += b`, `a ||= b`, `a++`) whose target's
 * text matches `target`; with `module-level: true`, only those inside a function that write a top-level `let`/`var`
 * of the same file (resolved by the type checker, so a local of the same name does not count), other than a
 * one-time initialisation. Uses the parsed trees of the type checker's program.
 */
export function assignment(options: AssignmentOptions): Matcher {
  const target: Pattern | undefined =
    options.target === undefined ? undefined : compilePattern(options.target);
  const moduleLevel = options['module-level'] === true;
  return {
    key: JSON.stringify({ assignment: { target: options.target ?? null, 'module-level': moduleLevel } }),
    semantic: true,
    fileLocal: true,
    interests: [],
    evaluate(context: EvaluationContext, scope: Scope): Match[] {
      // Module-level state needs a top-level `let`/`var`: files without one are never handed to the type checker
      // (which is then not created at all when no file has one).
      const files = moduleLevel ? scope.files.filter((f) => MAY_DECLARE_MUTABLE.test(f.text)) : scope.files;
      if (files.length === 0) return [];
      const semantic = context.semantic();
      const out: Match[] = [];
      for (const file of files) {
        const root = sourceFileNode(semantic, file);
        if (!root || !ts.isSourceFile(root)) continue;
        const visit = (node: ts.Node): void => {
          const written = writtenTarget(node);
          if (written) {
            const text = written.getText(root).replace(/\s+/g, '');
            if (
              (!target || target.test(text)) &&
              (!moduleLevel || writesModuleState(node, written, semantic.checker))
            ) {
              const fact: Fact = { file, pos: node.pos, end: node.end, syntaxKind: node.kind };
              out.push({ file, fact });
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(root);
      }
      return out;
    },
  };
}

// The target an assignment or increment writes, if the node is one.
function writtenTarget(node: ts.Node): ts.Expression | undefined {
  if (ts.isBinaryExpression(node) && ASSIGNMENT_OPERATORS.has(node.operatorToken.kind)) return node.left;
  if (
    (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
  ) {
    return node.operand;
  }
  return undefined;
}

function writesModuleState(node: ts.Node, written: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!ts.isIdentifier(written)) return false;
  // Counters (`n++`, `n += 1`) and resets (`x = null`, `x = undefined`) carry no caller's value.
  if (!ts.isBinaryExpression(node) || !STATE_OPERATORS.has(node.operatorToken.kind)) return false;
  const value = skipParens(node.right);
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined'))
    return false;
  if (!enclosingFunction(node)) return false; // top-level code runs once
  const declaration = checker.getSymbolAtLocation(written)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration)) return false;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || list.flags & ts.NodeFlags.Const) return false;
  if (!ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return false;
  return !isOneTimeInitialisation(node, written.text);
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return parent;
    if (ts.isSourceFile(parent)) return undefined;
  }
  return undefined;
}

// `x ??= …`, `x || (x = …)`, `x ?? (x = …)`, and `x = …` in the then-branch of `if (!x)` / `if (x === undefined)` /
// `if (x == null)` / `if (typeof x === 'undefined')`: a lazily created singleton, written once.
function isOneTimeInitialisation(node: ts.Node, name: string): boolean {
  let child: ts.Node = node;
  for (
    let parent = node.parent;
    parent && !ts.isFunctionLike(parent);
    child = parent, parent = parent.parent
  ) {
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === child &&
      (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
      ts.isIdentifier(parent.left) &&
      parent.left.text === name
    ) {
      return true;
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === child && testsAbsence(parent.expression, name))
      return true;
  }
  return isCacheRefresh(node, name);
}

// A write after an earlier `if (… x …) return …` in the same function: a cache or memo refreshed when stale or
// missing (`if (cached && now - cachedAt < TTL) return cached; cached = await load();`).
// The guard may sit in an enclosing function (a memo filled by an inner callback).
function isCacheRefresh(node: ts.Node, name: string): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body || !ts.isBlock(body)) continue;
    for (const statement of body.statements) {
      if (statement.pos >= node.pos) break;
      if (
        ts.isIfStatement(statement) &&
        returns(statement.thenStatement) &&
        mentions(statement.expression, name)
      ) {
        return true;
      }
    }
  }
  return false;
}

function returns(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some((s) => ts.isReturnStatement(s));
}

function mentions(expression: ts.Node, name: string): boolean {
  if (ts.isIdentifier(expression)) return expression.text === name;
  return ts.forEachChild(expression, (child) => (mentions(child, name) ? true : undefined)) === true;
}

function testsAbsence(condition: ts.Expression, name: string): boolean {
  const e = skipParens(condition);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipParens(e.operand);
    return ts.isIdentifier(operand) && operand.text === name;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return testsAbsence(e.left, name) || (op === ts.SyntaxKind.BarBarToken && testsAbsence(e.right, name));
    }
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) {
      const sides = [skipParens(e.left), skipParens(e.right)];
      const named = sides.some(
        (s) =>
          (ts.isIdentifier(s) && s.text === name) ||
          (ts.isTypeOfExpression(s) &&
            ts.isIdentifier(skipParens(s.expression)) &&
            (skipParens(s.expression) as ts.Identifier).text === name),
      );
      const empty = sides.some(
        (s) =>
          s.kind === ts.SyntaxKind.NullKeyword ||
          (ts.isIdentifier(s) && s.text === 'undefined') ||
          (ts.isStringLiteral(s) && s.text === 'undefined'),
      );
      return named && empty;
    }
  }
  return false;
}

function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}
