// Tenant context: who is calling and for which tenant, carried through every await with AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TenantContext {
  tenantId: string;
  principal: string;
  requestId: string;
  scopes: string[];
}

const storage = new AsyncLocalStorage<TenantContext>();

/** Runs `work` with the context visible to everything it calls. */
export function runInTenant<T>(context: TenantContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

/** The current request's context; calling a tool outside a request is a programming error. */
export function currentTenant(): TenantContext {
  const context = storage.getStore();
  if (!context) throw new Error('no tenant context: tools run only inside a request');
  return context;
}

export interface TenantTool {
  name: string;
  description: string;
  /** Absent: a global tool. Present: visible and callable only inside this tenant. */
  tenantId?: string;
  scope: string;
}

/** Only the tools this tenant may see: its own and the global ones. */
export function toolsForTenant(tools: TenantTool[], tenantId: string): TenantTool[] {
  return tools.filter((tool) => tool.tenantId === undefined || tool.tenantId === tenantId);
}
