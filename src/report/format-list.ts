import { ReportInputError } from './errors.js';
import {
  LISTED_FORMATS,
  REPORT_FORMATS,
  choices,
  isReportFormat,
  type OutputFormat,
  type ReportFormat,
} from './formats.js';

/** What `safeguard audit --format` asks for: the console's finding list (`stylish`) and the report files. */
export interface AuditOutputs {
  stylish: boolean;
  files: ReportFormat[];
}

/**
 * Parse `safeguard audit --format` (`stylish,json,md`): `stylish` is the finding list on the console, the others are
 * files; a list without `stylish` leaves only the summary line on the console, as ESLint's `--format` replaces its
 * default output.
 */
export function parseAuditOutputs(value: string): AuditOutputs {
  const formats = parseList(value, LISTED_FORMATS, {
    none: 'no output format given',
    unknown: 'unknown format',
  });
  return { stylish: formats.includes('stylish'), files: formats.filter(isReportFormat) };
}

/** Parse `safeguard report --format` (`json,md`), file formats only, without duplicates. */
export function parseFormats(value: string): ReportFormat[] {
  return parseList(value, REPORT_FORMATS, {
    none: 'no report format given',
    unknown: 'unknown report format',
  });
}

/** The names of a comma-separated list, each once, in the order given; anything else is a one-line input error. */
function parseList<F extends OutputFormat>(
  value: string,
  accepted: readonly F[],
  say: { none: string; unknown: string },
): F[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.find((name) => !(accepted as readonly string[]).includes(name));
  if (names.length === 0 || unknown !== undefined) {
    const what = unknown === undefined ? say.none : `${say.unknown} ${JSON.stringify(unknown)}`;
    throw new ReportInputError(`${what}; use ${choices(accepted)}`);
  }
  return [...new Set(names)] as F[];
}
