import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { linkParents, walkFacts } from '../../src/audit/facts/collect.js';
import { parseSource } from '../../src/audit/facts/parse.js';

const SOURCE = `/** Reads a file. @param {string} name the file */
export async function read(name) {
  const handler = async ({ file }) => ({ content: [{ type: 'text', text: await load(file) }] });
  server.registerTool('read', { inputSchema: { file: z.string() } }, handler);
  return class extends Base { /** @returns {number} */ size() { return name.length; } };
}
`;

// Every node with the parent it has, keyed by its path of child indexes (jsDoc comments included).
function parentsOf(root: ts.Node): Map<string, ts.SyntaxKind | undefined> {
  const out = new Map<string, ts.SyntaxKind | undefined>();
  const visit = (node: ts.Node, path: string): void => {
    out.set(path, node.parent?.kind);
    const docs = (node as { jsDoc?: ts.Node[] }).jsDoc ?? [];
    docs.forEach((doc, i) => visit(doc, `${path}/doc${i}`));
    let i = 0;
    ts.forEachChild(node, (child) => visit(child, `${path}/${i++}`));
  };
  visit(root, '');
  return out;
}

describe('the fact walk links parents', () => {
  it('as TypeScript would, for a tree parsed without them', () => {
    for (const name of ['tool.ts', 'tool.js']) {
      const linked = parseSource(name, SOURCE);
      const unlinked = parseSource(name, SOURCE, false);
      expect(unlinked.statements[0]!.parent).toBeUndefined();
      walkFacts(name, unlinked);
      expect(parentsOf(unlinked)).toEqual(parentsOf(linked));
    }
  });
});

describe('linkParents', () => {
  it('links a tree parsed without parents as TypeScript would', () => {
    for (const name of ['tool.ts', 'tool.js']) {
      const linked = parseSource(name, SOURCE);
      const unlinked = parseSource(name, SOURCE, false);
      linkParents(unlinked);
      expect(parentsOf(unlinked)).toEqual(parentsOf(linked));
    }
  });
});

describe('parseSource', () => {
  // The checker reads JSDoc types in JavaScript only; TypeScript files skip their parse (facts never come from them).
  it('parses JSDoc comments in JavaScript files and not in TypeScript files', () => {
    const docs = (name: string) => (parseSource(name, SOURCE).statements[0] as { jsDoc?: ts.Node[] }).jsDoc;
    expect(docs('tool.js')).toHaveLength(1);
    expect(docs('tool.ts')).toBeUndefined();
  });
});
