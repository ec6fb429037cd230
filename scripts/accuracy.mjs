// `npm run accuracy`: audits every server of the real-world corpus (test/real-world/labels) at its labeled commit and
// folder, and compares the tool's capability statuses with the labels written by reading the code. Prints
// per-capability agreement, the confusion table (label × tool) and the precision of reported violation locations
// against the security findings the labels confirm. Skips, with a message and exit 0, where the sources are absent
// (CI has no network). `--json FILE` also writes the measurement; `--only NAME` audits the labels whose file name
// contains NAME. Expects lib/ to be built (`npm run accuracy` builds first).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NoServerFoundError, runAudit } from '../lib/audit/index.js';
import { findServers } from '../lib/audit/servers.js';
import { materialize, readLabels } from './real-world-corpus.mjs';

const STATUSES = ['present', 'partial', 'absent', 'not-applicable', 'inconclusive'];
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
const findings = { reported: 0, confirmed: 0, labeled: 0, found: 0 };

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
  // Violation locations against the security findings the label confirms (same file, within two lines).
  const confirmed = (label.security ?? []).map((f) => parseLocation(f.location)).filter(Boolean);
  findings.labeled += confirmed.length;
  const reported = (scorecard?.capabilities ?? []).flatMap((c) =>
    c.safeguards.filter((s) => s.kind === 'violation' && s.result === 'violated').flatMap((s) => s.evidence),
  );
  findings.reported += reported.length;
  const near = (a, b) => a.file === b.file && Math.abs(a.line - b.line) <= 2;
  findings.confirmed += reported.filter((r) => confirmed.some((c) => near(r, c))).length;
  findings.found += confirmed.filter((c) => reported.some((r) => near(r, c))).length;
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
  `Violation locations: ${findings.reported} reported, ${findings.confirmed} at a labeled security finding ` +
    `(precision ${percent(findings.confirmed, findings.reported)}); ${findings.found} of ${findings.labeled} ` +
    `labeled findings reported (recall ${percent(findings.found, findings.labeled)}).`,
);
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
  writeFileSync(
    values.json,
    `${JSON.stringify({ servers: servers.length, agree, total, perCapability: perCap, findings, controls, roots, disagreements }, null, 2)}\n`,
  );
}

function parseLocation(text) {
  const match = /^(.+?):(\d+)/.exec(String(text ?? ''));
  return match ? { file: match[1], line: Number(match[2]) } : undefined;
}
