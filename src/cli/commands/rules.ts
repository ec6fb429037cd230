import { Command } from 'commander';
import { stringify } from 'yaml';
import path from 'node:path';
import { AuditInputError } from '../../audit/errors.js';
import { BUNDLED_RULES_DIR } from '../../audit/package-root.js';
import type { RuleSet } from '../../audit/rules/types.js';
import { EXIT, exitCodeOf } from '../exit.js';
import { withRuleSources, type RuleSourceFlags } from './rule-sources.js';

/** `safeguard rules list|explain|test`: look into the rule pack and run its fixtures. */
export function rulesCommand(): Command {
  const rules = new Command('rules').description('List, explain and test safeguard rules.');
  rules.addCommand(
    withRuleSources(new Command('list').description('List every loaded capability and safeguard.')).action(
      async (flags: RuleSourceFlags) => {
        process.exitCode = await exitCodeOf('rules list', async () => {
          process.stdout.write(listing(await load(flags)));
          return EXIT.ok;
        });
      },
    ),
  );
  rules.addCommand(
    withRuleSources(
      new Command('explain').description('Show one safeguard: what it checks, why, and its rule.'),
    )
      .argument('<id>', 'safeguard id, e.g. rate-limiter-present')
      .action(async (id: string, flags: RuleSourceFlags) => {
        process.exitCode = await exitCodeOf('rules explain', async () => {
          process.stdout.write(explanation(await load(flags), id));
          return EXIT.ok;
        });
      }),
  );
  rules.addCommand(
    new Command('test')
      .description(
        "Run each safeguard's fixtures (rules/<capability>/fixtures) and check the outcomes they declare.",
      )
      .argument('[dir]', 'rule directory (default: the bundled rules)')
      .action(async (dir: string | undefined) => {
        process.exitCode = await exitCodeOf('rules test', async () => {
          // Loaded on use, like the audit: the engine pulls in the TypeScript compiler.
          const { runRuleTests } = await import('../../audit/index.js');
          const report = await runRuleTests(dir ?? BUNDLED_RULES_DIR);
          for (const f of report.failures) {
            const where = f.fixture ? ` in ${f.fixture}` : '';
            process.stdout.write(`FAIL ${f.safeguard} (${f.ruleFile})${where}: ${f.message}\n`);
          }
          const verdict = report.passed ? 'passed' : `failed (${report.failures.length} failures)`;
          process.stdout.write(
            `rules test: ${report.ruleFiles} rule files, ${report.fixtures} fixtures, ${report.checks} checks: ${verdict}\n`,
          );
          return report.passed ? EXIT.ok : EXIT.failed;
        });
      }),
  );
  return rules;
}

async function load(flags: RuleSourceFlags): Promise<RuleSet> {
  const { loadRuleSet } = await import('../../audit/index.js');
  const directories: { dir: string; bundled: boolean }[] = [];
  if (flags.bundledRules) directories.push({ dir: BUNDLED_RULES_DIR, bundled: true });
  for (const dir of flags.rules) directories.push({ dir: path.resolve(dir), bundled: false });
  return loadRuleSet(directories);
}

function listing(ruleSet: RuleSet): string {
  const lines: string[] = [];
  for (const capability of ruleSet.capabilities) {
    lines.push(`${capability.id}: ${capability.title} (${capability.file})`);
    for (const s of capability.safeguards) {
      lines.push(`  ${s.id.padEnd(40)} ${s.kind.padEnd(11)} ${String(s.weight).padStart(3)}  ${s.title}`);
    }
  }
  if (lines.length === 0) lines.push('no rules loaded');
  return `${lines.join('\n')}\n`;
}

function explanation(ruleSet: RuleSet, id: string): string {
  for (const capability of ruleSet.capabilities) {
    const s = capability.safeguards.find((candidate) => candidate.id === id);
    if (!s) continue;
    const lines = [
      `${s.id}: ${s.title}`,
      `capability: ${capability.id} (${capability.title}), ${capability.file}`,
      `kind: ${s.kind}, weight: ${s.weight}`,
      ...(s.rationale ? [`why: ${s.rationale}`] : []),
      ...(s.docs ? [`docs: ${s.docs}`] : []),
      ...(s.finding
        ? [
            `finding: ${s.finding.severity}, ${s.finding.confidence} confidence: ${s.finding.message}`,
            ...(s.finding.cwe.length + s.finding.owaspMcp.length > 0
              ? [`classified: ${[...s.finding.cwe, ...s.finding.owaspMcp].join(', ')}`]
              : []),
          ]
        : []),
      ...(s.kind === 'violation'
        ? [
            'violated where the evidence matches; suppress one line with // safeguard-ignore ' +
              s.id +
              ': <reason>',
          ]
        : ['satisfied when the evidence matches somewhere in the audited code']),
      '',
      stringify(
        Object.fromEntries(
          ['files', 'exclude', 'applies-when', 'evidence']
            .filter((k) => s.source[k] !== undefined)
            .map((k) => [k, s.source[k]]),
        ),
      ).trimEnd(),
    ];
    return `${lines.join('\n')}\n`;
  }
  throw new AuditInputError(`no safeguard with id '${id}' (see safeguard rules list)`);
}
