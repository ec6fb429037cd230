// `npm run accuracy`: audits every server of the real-world corpus (test/real-world/labels) at its labeled commit and
// folder, and compares the tool's capability statuses with the labels written by reading the code. Prints
// per-capability agreement, the confusion table (label × tool) and the precision of reported violation locations
// against the security findings the labels confirm. Skips, with a message and exit 0, where the sources are absent
// (CI has no network). `--json FILE` also writes the measurement; `--only NAME` audits the labels whose file name
// contains NAME. Expects lib/ to be built (`npm run accuracy` builds first).
//
// Findings are measured per violation rule. A security rule's location is confirmed when it lies in the same file as
// a labeled `security:` finding, within two lines (or a step of its taint path does, or it lies at a place the
// finding's text names as the same problem), and the label's `kind` maps to the rule (SECURITY_RULES below).
// Rules that report defects which are not security problems (NON_SECURITY_RULES) are left out of the security
// precision; their locations are judged one by one by reading, in test/real-world/judged-findings.yaml.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { NoServerFoundError, runAudit } from '../lib/audit/index.js';
import { findServers } from '../lib/audit/servers.js';
import { materialize, readLabels } from './real-world-corpus.mjs';

const STATUSES = ['present', 'partial', 'absent', 'not-applicable', 'inconclusive'];

// Which violation rules a labeled finding's `kind` confirms. A kind with no rule here (`other`) can be missed but
// never confirmed.
const SECURITY_RULES = {
  'bind-all-interfaces': ['binds-all-interfaces'],
  'command-injection': ['command-injection'],
  'cors-misconfiguration': ['cors-allows-any-origin'],
  'dynamic-code-evaluation': ['dynamic-code-evaluation'],
  'hard-coded-secret': ['hard-coded-secret'],
  'key-in-url': ['api-key-in-query'],
  'missing-origin-validation': ['missing-origin-validation'],
  'path-traversal': ['path-traversal'],
  'secret-logged': ['secrets-logged'],
  'sql-injection': ['sql-injection'],
  ssrf: ['ssrf'],
  'token-passthrough': ['token-passthrough'],
  other: [],
};
// Violation rules whose findings are defects but not security problems: judged by reading, reported apart.
const NON_SECURITY_RULES = [
  'permissive-schema',
  'server-shared-across-sessions',
  'shared-request-state',
  'stdout-reserved-for-protocol',
];
const JUDGED_FILE = 'test/real-world/judged-findings.yaml';
const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const labels = readLabels().filter((l) => !values.only || l.file.includes(values.only));
const servers = [];
const missing = [];
for (const label of labels) {
  const tree = materialize(label);
  if (!tree) {
    missing.push(label.repository);
    continue;
  }
  const root = path.join(tree, label.folder ?? '.');
  const fromRoot = await rootAnswer(tree, label);
  let scorecard;
  try {
    scorecard = await runAudit({ root, failOn: 'none' });
  } catch (error) {
    // "No MCP server here" is an answer: it scores nothing, so every capability counts as absent.
    if (error instanceof NoServerFoundError) servers.push({ label, noServer: true, fromRoot });
    else servers.push({ label, error: String(error.message ?? error), fromRoot });
    continue;
  }
  servers.push({ label, scorecard, fromRoot });
}

// Pointed at the repository root, does the audit find the labeled server (or, for a client or a wrapper, none)?
async function rootAnswer(tree, label) {
  try {
    const search = await findServers(tree);
    const folders = search.servers.map((s) => s.relative);
    const right = label.kind === 'server' ? folders.includes(label.folder ?? '.') : folders.length === 0;
    return { right, folders };
  } catch (error) {
    return { right: false, folders: [], error: String(error.message ?? error) };
  }
}

if (servers.length === 0) {
  console.log(
    `accuracy: skipped: the sources of the ${labels.length} corpus servers are not on this machine ` +
      `(set SAFEGUARD_MIRRORS to a folder of <owner>+<name>/repo git mirrors; see docs/accuracy.md)`,
  );
  process.exit(0);
}

const capabilities = [...new Set(labels.flatMap((l) => Object.keys(l.capabilities ?? {})))].sort();
const perCapability = new Map(capabilities.map((c) => [c, { agree: 0, total: 0 }]));
const confusion = new Map(STATUSES.map((s) => [s, new Map(STATUSES.map((t) => [t, 0]))]));
const disagreements = [];
let agree = 0;
let total = 0;
// `confirmed` counts the labels written before the audit ran; `reviewed` adds those written after reading a reported
// location the labeler had not listed (marked `added: after-audit`, with the reason in `why`).
const findings = { reported: 0, confirmed: 0, reviewed: 0, labeled: 0, found: 0, added: 0 };
const perRule = new Map(); // rule id -> { reported, confirmed, reviewed }
const missed = [];
const unconfirmed = []; // reported security locations no label confirms
const judged = readJudged();
const nonSecurity = new Map(); // rule id -> { reported, real, noise, unjudged: [] }

const controls = [];
const roots = { right: 0, total: 0, wrong: [] };
for (const { label, scorecard, error, noServer, fromRoot } of servers) {
  roots.total++;
  if (fromRoot.right) roots.right++;
  else
    roots.wrong.push(
      `${label.repository}: found ${fromRoot.folders.join(', ') || 'no server'}${fromRoot.error ? ` (${fromRoot.error})` : ''}`,
    );
  if (label.kind !== 'server') {
    controls.push(
      `${label.repository} (${label.kind}): ${noServer ? 'no MCP server found (right)' : 'scored as a server (wrong)'}`,
    );
  }
  if (error) {
    console.log(`error: ${label.repository} (${label.folder}): ${error}`);
    for (const id of capabilities) {
      perCapability.get(id).total++;
      total++;
    }
    continue;
  }
  const byId = new Map((scorecard?.capabilities ?? []).map((c) => [c.id, c]));
  for (const id of capabilities) {
    const expected = label.capabilities?.[id]?.status;
    if (!expected) continue;
    const actual = byId.get(id)?.status ?? 'absent';
    const cell = perCapability.get(id);
    cell.total++;
    total++;
    confusion.get(expected).set(actual, confusion.get(expected).get(actual) + 1);
    if (expected === actual) {
      cell.agree++;
      agree++;
    } else {
      disagreements.push({
        server: label.repository,
        capability: id,
        expected,
        actual,
        score: byId.get(id)?.score,
      });
    }
  }
  measureFindings(label, scorecard);
}

// Violation locations against the security findings the label confirms: same file, within two lines, and a rule
// that the finding's kind maps to. Non-security rules are counted against the judged locations instead.
function measureFindings(label, scorecard) {
  const labeled = (label.security ?? [])
    .map((f) => ({
      kind: f.kind,
      ...parseLocation(f.location),
      also: alsoAt(f.why),
      afterAudit: f.added === 'after-audit',
    }))
    .filter((f) => f.file);
  const beforeAudit = labeled.filter((f) => !f.afterAudit);
  findings.labeled += beforeAudit.length;
  findings.added += labeled.length - beforeAudit.length;
  const reported = (scorecard?.capabilities ?? []).flatMap((c) =>
    c.safeguards
      .filter((s) => s.kind === 'violation' && s.result === 'violated')
      .flatMap((s) =>
        s.evidence.map((e) => ({ rule: s.id, file: e.file, line: e.line, steps: e.path ?? [] })),
      ),
  );
  // A taint finding shows its whole path; the label may point at any place on it (where the flawed value is built
  // rather than where it is used), or at a place its text names as the same problem ("same pattern: x.ts:43-49").
  const near = (a, b) => a.file === b.file && Math.abs(a.line - b.line) <= 2;
  const within = (a, f) =>
    f.also.some((o) => a.file === o.file && o.from - 2 <= a.line && a.line <= o.to + 2);
  const places = (r) => [r, ...r.steps];
  const confirms = (f, r) =>
    (SECURITY_RULES[f.kind] ?? []).includes(r.rule) && places(r).some((p) => near(p, f) || within(p, f));
  for (const r of reported) {
    if (NON_SECURITY_RULES.includes(r.rule)) {
      const cell = nonSecurity.get(r.rule) ?? { reported: 0, real: 0, noise: 0, unjudged: [] };
      nonSecurity.set(r.rule, cell);
      cell.reported++;
      const verdict = judged.get(`${label.repository}|${r.rule}|${r.file}:${r.line}`);
      if (verdict === 'real') cell.real++;
      else if (verdict === 'noise') cell.noise++;
      else cell.unjudged.push(`${label.repository} ${r.file}:${r.line}`);
      continue;
    }
    const cell = perRule.get(r.rule) ?? { reported: 0, confirmed: 0, reviewed: 0 };
    perRule.set(r.rule, cell);
    cell.reported++;
    findings.reported++;
    if (beforeAudit.some((f) => confirms(f, r))) {
      cell.confirmed++;
      findings.confirmed++;
    }
    if (labeled.some((f) => confirms(f, r))) {
      cell.reviewed++;
      findings.reviewed++;
    } else unconfirmed.push(`${r.rule}: ${label.repository} ${r.file}:${r.line}`);
  }
  // Recall only over what the labeler found before the audit: a finding added after it was reported by construction.
  for (const f of beforeAudit) {
    if (reported.some((r) => confirms(f, r))) findings.found++;
    else missed.push(`${label.repository} ${f.file}:${f.line} (${f.kind})`);
  }
}

// Places a labeled finding's text names as the same problem: `src/x.ts:43` or `src/x.ts:43-49` (paths with a folder).
function alsoAt(why) {
  const out = [];
  for (const m of String(why ?? '').matchAll(
    /([\w.-]+\/[\w./-]+\.(?:ts|tsx|mts|js|mjs)):(\d+)(?:-(\d+))?/g,
  )) {
    out.push({ file: m[1], from: Number(m[2]), to: Number(m[3] ?? m[2]) });
  }
  return out;
}

// The judged locations of the non-security rules: `${repository}|${rule}|${file}:${line}` -> real | noise.
function readJudged() {
  const verdicts = new Map();
  if (!existsSync(JUDGED_FILE)) return verdicts;
  for (const j of parse(readFileSync(JUDGED_FILE, 'utf8'))?.findings ?? [])
    verdicts.set(`${j.repository}|${j.rule}|${j.location}`, j.verdict);
  return verdicts;
}

const percent = (n, d) => (d === 0 ? 'n/a' : `${Math.floor((1000 * n) / d + 0.5) / 10} %`);
const lines = [];
lines.push(`# Accuracy on the real-world corpus: ${servers.length} servers, ${total} labeled statuses`);
if (missing.length > 0) lines.push(`(skipped, sources absent: ${missing.join(', ')})`);
lines.push('', '| capability | agree | of | agreement |', '|---|---:|---:|---:|');
for (const [id, { agree: a, total: t }] of perCapability)
  lines.push(`| ${id} | ${a} | ${t} | ${percent(a, t)} |`);
lines.push(`| **overall** | **${agree}** | **${total}** | **${percent(agree, total)}** |`);
lines.push('', 'Confusion (rows: label, columns: tool):', '');
lines.push(`| label \\ tool | ${STATUSES.join(' | ')} |`, `|---|${STATUSES.map(() => '---:').join('|')}|`);
for (const [expected, row] of confusion) {
  if ([...row.values()].every((n) => n === 0)) continue;
  lines.push(`| ${expected} | ${STATUSES.map((s) => row.get(s)).join(' | ')} |`);
}
lines.push(
  '',
  `Security findings: ${findings.reported} locations reported, ${findings.confirmed} at a finding labeled before ` +
    `the audit (precision ${percent(findings.confirmed, findings.reported)}), ${findings.reviewed} after reviewing ` +
    `the reported locations (${findings.added} findings added to the labels, each marked \`added: after-audit\` ` +
    `with its reason; precision ${percent(findings.reviewed, findings.reported)}); ${findings.found} of ` +
    `${findings.labeled} findings labeled before the audit reported (recall ${percent(findings.found, findings.labeled)}).`,
  '',
  '| security rule | reported | confirmed (labels before the audit) | precision | confirmed (after review) | precision |',
  '|---|---:|---:|---:|---:|---:|',
);
const byId = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
for (const [id, c] of [...perRule].sort(byId))
  lines.push(
    `| ${id} | ${c.reported} | ${c.confirmed} | ${percent(c.confirmed, c.reported)} | ${c.reviewed} | ${percent(c.reviewed, c.reported)} |`,
  );
lines.push(
  `| **overall** | **${findings.reported}** | **${findings.confirmed}** | **${percent(findings.confirmed, findings.reported)}** | **${findings.reviewed}** | **${percent(findings.reviewed, findings.reported)}** |`,
);
lines.push(
  '',
  'Labeled findings missed:',
  '',
  ...(missed.length ? missed.sort().map((m) => `- ${m}`) : ['- none']),
  '',
  'Reported, not at a labeled finding:',
  '',
  ...(unconfirmed.length ? unconfirmed.sort().map((m) => `- ${m}`) : ['- none']),
);
lines.push(
  '',
  `Non-security violation rules (judged by reading each location, ${JUDGED_FILE}; not in the security precision):`,
  '',
  '| rule | reported | real | noise | unjudged | precision |',
  '|---|---:|---:|---:|---:|---:|',
);
for (const [id, c] of [...nonSecurity].sort(byId))
  lines.push(
    `| ${id} | ${c.reported} | ${c.real} | ${c.noise} | ${c.unjudged.length} | ${percent(c.real, c.reported)} |`,
  );
const unjudged = [...nonSecurity].flatMap(([id, c]) => c.unjudged.map((u) => `${id}: ${u}`)).sort();
if (unjudged.length) lines.push('', 'Unjudged:', '', ...unjudged.map((u) => `- ${u}`));
lines.push('', 'Controls:', '', ...controls.map((c) => `- ${c}`));
lines.push(
  '',
  `From the repository root, the labeled server found (or, for a control, no server): ${roots.right} of ${roots.total}.`,
  ...roots.wrong.map((w) => `- ${w}`),
);
lines.push('', 'Disagreements:', '');
for (const d of disagreements.sort((a, b) =>
  a.capability < b.capability ? -1 : a.capability > b.capability ? 1 : 0,
)) {
  lines.push(
    `- ${d.capability}: ${d.server}: label ${d.expected}, tool ${d.actual}${d.score == null ? '' : ` (${d.score})`}`,
  );
}
console.log(lines.join('\n'));

if (values.json) {
  const perCap = Object.fromEntries([...perCapability].map(([id, v]) => [id, v]));
  const sorted = (map) => Object.fromEntries([...map].sort(byId));
  const measured = {
    ...findings,
    perRule: sorted(perRule),
    missed: missed.sort(),
    unconfirmed: unconfirmed.sort(),
    nonSecurity: sorted(nonSecurity),
  };
  writeFileSync(
    values.json,
    `${JSON.stringify({ servers: servers.length, agree, total, perCapability: perCap, findings: measured, controls, roots, disagreements }, null, 2)}\n`,
  );
}

function parseLocation(text) {
  const match = /^(.+?):(\d+)/.exec(String(text ?? ''));
  return match ? { file: match[1], line: Number(match[2]) } : undefined;
}
