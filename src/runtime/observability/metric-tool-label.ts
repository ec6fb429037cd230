/**
 * Which tool name a request is counted under in `/metrics`. A tenant's tools are that tenant's business: another
 * tenant calling one is counted as the unknown tool it looks like to the caller, and while `/metrics` is open to
 * anyone (no `metrics.permission`) tenant-scoped tools are counted under one fixed label instead of their names.
 */
import { inTenant } from '../authz/tool-access.js';
import { calledToolName } from '../context/called-tool.js';
import type { RequestContext } from '../pipeline/stage.js';
import type { ToolAccessFacts } from '../authz/access-facts.js';

/** The label of every tool the caller cannot see, registered (another tenant's) or not. */
export const UNKNOWN_TOOL_LABEL = 'unknown';
/** The label of a tenant's own tools while /metrics is open. */
export const TENANT_TOOL_LABEL = 'tenant-scoped';

export interface MetricToolLabelOptions {
  lookupTool: (name: string) => ToolAccessFacts | undefined;
  /** True when anyone who reaches the port may scrape /metrics. */
  metricsOpen: boolean;
}

/** The label for each request (undefined when it calls no tool), and which labels the metrics may show. */
export function metricToolLabels(options: MetricToolLabelOptions): {
  labelOf: (ctx: RequestContext) => string | undefined;
  isLabel: (label: string) => boolean;
} {
  const { lookupTool, metricsOpen } = options;
  return {
    labelOf: (ctx) => {
      const name = calledToolName(ctx);
      if (name === undefined) return undefined;
      const tool = lookupTool(name);
      if (!tool || !inTenant(tool, ctx.tenantId)) return UNKNOWN_TOOL_LABEL;
      return tool.tenant !== undefined && metricsOpen ? TENANT_TOOL_LABEL : name;
    },
    isLabel: (label) => label === TENANT_TOOL_LABEL || lookupTool(label) !== undefined,
  };
}
