import { completionMethods } from './completion.js';
import { lifecycleMethods } from './lifecycle.js';
import type { MethodEnv, MethodSpec } from './method-spec.js';
import { notificationMethods } from './notifications.js';
import { promptMethods } from './prompts.js';
import { resourceMethods } from './resources.js';
import { subscriptionMethods } from './subscriptions.js';
import { toolMethods } from './tools.js';

/** Every MCP method the runtime serves, by name. */
export function methodTable(env: MethodEnv): Map<string, MethodSpec> {
  return new Map(
    Object.entries({
      ...lifecycleMethods(env),
      ...notificationMethods(env),
      ...toolMethods(env),
      ...resourceMethods(env),
      ...promptMethods(env),
      ...completionMethods(env),
      ...subscriptionMethods(env),
    }),
  );
}
