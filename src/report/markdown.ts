import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Scorecard } from '../audit/scorecard.js';
import { summaryView, type SummaryOptions } from './summary-model.js';

/** Templates sit beside the compiled renderer (lib/report/templates, or dist/action/templates in the action bundle). */
const TEMPLATE_DIR = new URL('./templates/', import.meta.url);

type Template = (view: unknown) => string;
let compiled: Template | undefined;

/** Render IMPLEMENTATION_SUMMARY.md from a scorecard, with coverage and benchmark sections only when given. */
export function renderMarkdown(scorecard: Scorecard, options: SummaryOptions = {}): string {
  const text = summaryTemplate()(summaryView(scorecard, options));
  // Conditional sections leave runs of blank lines behind; Markdown wants at most one.
  return `${text.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function summaryTemplate(): Template {
  if (compiled) return compiled;
  // An isolated environment: helpers and partials registered here do not leak into other Handlebars users.
  const hbs = Handlebars.create();
  // Every string in the view is escaped for Markdown already; HTML escaping would show `&amp;` inside code spans.
  const compileOptions = { noEscape: true, strict: true } as const;
  hbs.registerHelper('cells', (cells: string[]) => cells.join(' | '));
  hbs.registerHelper('indent', (text: string) =>
    text
      .split('\n')
      .map((line) => (line === '' ? '' : `  ${line}`))
      .join('\n'),
  );
  for (const name of readdirSync(TEMPLATE_DIR).sort()) {
    if (!name.endsWith('.hbs') || name === 'summary.hbs') continue;
    hbs.registerPartial(name.slice(0, -4), hbs.compile(readTemplate(name), compileOptions));
  }
  compiled = hbs.compile(readTemplate('summary.hbs'), compileOptions);
  return compiled;
}

function readTemplate(name: string): string {
  return readFileSync(new URL(name, TEMPLATE_DIR), 'utf8');
}
