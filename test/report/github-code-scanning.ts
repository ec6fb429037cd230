/**
 * GitHub code scanning's ingestion rules for a SARIF upload, beyond the SARIF schema: the hard limits it rejects an
 * upload over, and the properties it reads to rank and show alerts ("SARIF support for code scanning" and "SARIF
 * results exceed limits" in GitHub's documentation). Returns one line per breach (empty when the log is accepted).
 */
interface Log {
  runs: Run[];
}
interface Run {
  tool: { driver: { rules?: Rule[] } };
  results?: Result[];
}
interface Rule {
  id: string;
  help?: { text?: string; markdown?: string };
  properties?: { tags?: string[]; precision?: string; 'security-severity'?: string };
}
interface Result {
  ruleId?: string;
  message?: { text?: string };
  locations?: {
    physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } };
  }[];
  codeFlows?: { threadFlows: { locations: unknown[] }[] }[];
  partialFingerprints?: Record<string, string>;
}

const LIMITS = {
  runs: 20,
  results: 25_000,
  rules: 25_000,
  locations: 1_000,
  threadFlowLocations: 10_000,
  tags: 20,
};
const PRECISIONS = ['very-high', 'high', 'medium', 'low'];

export function codeScanningBreaches(log: Log): string[] {
  const breaches: string[] = [];
  if (log.runs.length > LIMITS.runs) breaches.push(`${log.runs.length} runs (limit ${LIMITS.runs})`);
  log.runs.forEach((run, r) => {
    const rules = run.tool.driver.rules ?? [];
    const results = run.results ?? [];
    if (rules.length > LIMITS.rules) breaches.push(`run ${r}: ${rules.length} rules`);
    if (results.length > LIMITS.results) breaches.push(`run ${r}: ${results.length} results`);
    const ids = new Set(rules.map((rule) => rule.id));
    for (const rule of rules) {
      const tags = rule.properties?.tags ?? [];
      if (tags.length > LIMITS.tags) breaches.push(`rule ${rule.id}: ${tags.length} tags`);
      // Code scanning shows 10 tags; ours must fit so that none is dropped.
      if (tags.length > 10) breaches.push(`rule ${rule.id}: ${tags.length} tags, only 10 are shown`);
      const severity = rule.properties?.['security-severity'];
      if (severity !== undefined) {
        const value = Number(severity);
        if (!/^\d+(\.\d+)?$/.test(severity) || value < 0 || value > 10) {
          breaches.push(`rule ${rule.id}: security-severity ${severity} is not a number from 0.0 to 10.0`);
        }
        // A security severity is read only on rules tagged `security`.
        if (!tags.includes('security'))
          breaches.push(`rule ${rule.id}: security-severity without a security tag`);
      }
      const precision = rule.properties?.precision;
      if (precision !== undefined && !PRECISIONS.includes(precision)) {
        breaches.push(`rule ${rule.id}: precision ${precision}`);
      }
      if (!rule.help?.text && !rule.help?.markdown) breaches.push(`rule ${rule.id}: no help`);
    }
    results.forEach((result, i) => {
      const at = `run ${r} result ${i}`;
      if (!result.ruleId || !ids.has(result.ruleId)) breaches.push(`${at}: ruleId not among the rules`);
      if (!result.message?.text) breaches.push(`${at}: no message text`);
      const locations = result.locations ?? [];
      if (locations.length === 0) breaches.push(`${at}: no location (an alert needs a place in the code)`);
      if (locations.length > LIMITS.locations) breaches.push(`${at}: ${locations.length} locations`);
      for (const location of locations) {
        const uri = location.physicalLocation?.artifactLocation?.uri ?? '';
        if (uri === '' || /^[a-z]+:/i.test(uri) || uri.startsWith('/')) {
          breaches.push(`${at}: location ${uri} is not relative to the repository root`);
        }
        if (!((location.physicalLocation?.region?.startLine ?? 0) >= 1))
          breaches.push(`${at}: no start line`);
      }
      for (const flow of result.codeFlows ?? []) {
        for (const thread of flow.threadFlows) {
          if (thread.locations.length > LIMITS.threadFlowLocations)
            breaches.push(`${at}: thread flow too long`);
        }
      }
      if (!result.partialFingerprints || Object.keys(result.partialFingerprints).length === 0) {
        breaches.push(`${at}: no partialFingerprints (alerts would be matched by line only)`);
      }
    });
  });
  return breaches;
}
