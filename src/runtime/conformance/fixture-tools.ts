import { ToolError } from '../errors/mcp-error.js';
import type { PromptRegistry } from '../prompts/prompt-registry.js';
import type { McpToolRegistry } from '../tools/tool-registry.js';
import { redPixelPng, silentWav } from './media.js';

const noArgs = { type: 'object', properties: {} };
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

const nameRequest = (message: string) => ({
  method: 'elicitation/create',
  params: {
    message,
    requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  },
});

function accepted(response: Record<string, unknown> | undefined, field: string): string {
  const content = response?.content as Record<string, unknown> | undefined;
  return String(content?.[field] ?? '');
}

/** The tools the official conformance suite calls (both suite lines), per its scenario descriptions. */
export function registerFixtureTools(tools: McpToolRegistry): void {
  tools.registerTool({
    name: 'test_simple_text',
    description: 'Returns simple text content',
    inputSchema: noArgs,
    handler: () => ({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] }),
  });
  tools.registerTool({
    name: 'test_image_content',
    description: 'Returns image content',
    inputSchema: noArgs,
    handler: () => ({ content: [{ type: 'image', data: redPixelPng, mimeType: 'image/png' }] }),
  });
  tools.registerTool({
    name: 'test_audio_content',
    description: 'Returns audio content',
    inputSchema: noArgs,
    handler: () => ({ content: [{ type: 'audio', data: silentWav, mimeType: 'audio/wav' }] }),
  });
  tools.registerTool({
    name: 'test_embedded_resource',
    description: 'Returns an embedded resource',
    inputSchema: noArgs,
    handler: () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  });
  tools.registerTool({
    name: 'test_multiple_content_types',
    description: 'Returns text, image and resource content',
    inputSchema: noArgs,
    handler: () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: redPixelPng, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  });
  tools.registerTool({
    name: 'test_tool_with_logging',
    description: 'Sends three log notifications while it runs',
    inputSchema: noArgs,
    handler: async (_args, { log, signal }) => {
      await log('info', 'Tool execution started');
      await sleep(50, signal);
      await log('info', 'Tool processing data');
      await sleep(50, signal);
      await log('info', 'Tool execution completed');
      return 'Tool with logging executed successfully';
    },
  });
  tools.registerTool({
    name: 'test_error_handling',
    description: 'Always fails',
    inputSchema: noArgs,
    handler: () => {
      throw new ToolError('This tool intentionally returns an error for testing');
    },
  });
  tools.registerTool({
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50 and 100 of 100',
    inputSchema: noArgs,
    handler: async (_args, { reportProgress, signal }) => {
      await reportProgress(0, 100);
      await sleep(50, signal);
      await reportProgress(50, 100);
      await sleep(50, signal);
      await reportProgress(100, 100);
      return 'Tool with progress executed successfully';
    },
  });
  tools.registerTool({
    name: 'test_sampling',
    description: 'Asks the client to sample an LLM',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
    handler: async (args, { requestClient }) => {
      const result = await requestClient('sampling/createMessage', {
        messages: [{ role: 'user', content: { type: 'text', text: String(args.prompt) } }],
        maxTokens: 100,
      });
      const content = result.content as { text?: string } | undefined;
      return `LLM response: ${content?.text ?? JSON.stringify(result.content)}`;
    },
  });
  tools.registerTool({
    name: 'test_elicitation',
    description: 'Asks the user for input',
    inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    handler: async (args, { requestClient }) => {
      const result = await requestClient('elicitation/create', {
        message: String(args.message),
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      });
      return `User response: action=${String(result.action)}, content=${JSON.stringify(result.content ?? {})}`;
    },
  });
  tools.registerTool({
    name: 'test_elicitation_sep1034_defaults',
    description: 'Elicitation with defaults for every primitive type',
    inputSchema: noArgs,
    handler: async (_args, { requestClient }) => {
      const result = await requestClient('elicitation/create', {
        message: 'Please review and update the form fields with defaults',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: {
              type: 'string',
              description: 'User status',
              enum: ['active', 'inactive', 'pending'],
              default: 'active',
            },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        },
      });
      return `Elicitation completed: action=${String(result.action)}, content=${JSON.stringify(result.content ?? {})}`;
    },
  });
  tools.registerTool({
    name: 'test_elicitation_sep1330_enums',
    description: 'Elicitation with the five enum schema variants',
    inputSchema: noArgs,
    handler: async (_args, { requestClient }) => {
      const result = await requestClient('elicitation/create', {
        message: 'Please pick from the enum fields',
        requestedSchema: {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: {
              type: 'string',
              enum: ['opt1', 'opt2', 'opt3'],
              enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array',
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array',
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
          required: [],
        },
      });
      return `Elicitation completed: action=${String(result.action)}, content=${JSON.stringify(result.content ?? {})}`;
    },
  });
  tools.registerTool({
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    // $defs with $anchor, composition and conditional keywords (SEP-1613, SEP-2106): listed as declared, enforced by ajv.
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: {
          $anchor: 'addressDef',
          type: 'object',
          properties: { street: { type: 'string' }, city: { type: 'string' } },
        },
      },
      properties: {
        name: { type: 'string' },
        address: { $ref: '#/$defs/address' },
        contactMethod: { type: 'string', enum: ['phone', 'email'] },
        phone: { type: 'string' },
        email: { type: 'string' },
      },
      allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
      if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
      then: { required: ['phone'] },
      else: { required: ['email'] },
      additionalProperties: false,
    },
    handler: (args) => `Received: ${JSON.stringify(args)}`,
  });
  tools.registerTool({
    name: 'test_reconnection',
    description: 'Answers after a short pause (SSE polling scenario)',
    inputSchema: noArgs,
    handler: async (_args, { signal }) => {
      await sleep(100, signal);
      return 'Reconnection test completed successfully';
    },
  });
  registerInputRequiredTools(tools);
}

/** Diagnostic tools of the 2026-07-28 server-stateless scenario. */
export function registerStatelessDiagnosticTools(tools: McpToolRegistry, prompts: PromptRegistry): void {
  tools.registerTool({
    name: 'test_logging_tool',
    description: 'Logs at info level (only sent when the request asks for a log level)',
    inputSchema: noArgs,
    handler: async (_args, { log }) => {
      await log('info', 'test_logging_tool ran');
      return 'logged';
    },
  });
  tools.registerTool({
    name: 'test_streaming_elicitation',
    description: 'Needs user input; answers with an input-required result rather than a server request',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const { user_name } = await ask({ user_name: nameRequest('What is your name?') });
      return `Hello, ${accepted(user_name, 'name')}!`;
    },
  });
  tools.registerTool({
    name: 'test_custom_headers',
    description: 'Mirrors its region argument into the Mcp-Param-Region header (SEP-2243)',
    inputSchema: {
      type: 'object',
      properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, query: { type: 'string' } },
      required: ['region'],
    },
    handler: (args) => `region=${String(args.region)}`,
  });
  tools.registerTool({
    name: 'test_trigger_tool_change',
    description: 'Adds and removes a tool, so the tool list changes',
    inputSchema: noArgs,
    handler: () => {
      tools.unregisterTool('test_transient_tool');
      tools.registerTool({
        name: 'test_transient_tool',
        description: 'Exists after a list change',
        handler: () => 'ok',
      });
      return 'tool list changed';
    },
  });
  tools.registerTool({
    name: 'test_trigger_prompt_change',
    description: 'Adds a prompt, so the prompt list changes',
    inputSchema: noArgs,
    handler: () => {
      prompts.registerPrompt({
        name: 'test_transient_prompt',
        description: 'Exists after a list change',
        get: () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'transient' } }] }),
      });
      return 'prompt list changed';
    },
  });
}

/** Tools of the 2026-07-28 input-required (multi-round-trip) scenarios; they work in the session era too. */
function registerInputRequiredTools(tools: McpToolRegistry): void {
  tools.registerTool({
    name: 'test_missing_capability',
    description: 'Needs the sampling capability from the client',
    inputSchema: noArgs,
    handler: async (_args, { requestClient }) => {
      const result = await requestClient('sampling/createMessage', {
        messages: [{ role: 'user', content: { type: 'text', text: 'ping' } }],
        maxTokens: 10,
      });
      return `Sampled: ${JSON.stringify(result.content ?? {})}`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_elicitation',
    description: 'Asks for the user name',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const { user_name } = await ask({ user_name: nameRequest('What is your name?') });
      return `Hello, ${accepted(user_name, 'name')}!`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_sampling',
    description: 'Asks the client to sample an answer',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const { capital_question } = await ask({
        capital_question: {
          method: 'sampling/createMessage',
          params: {
            messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
            maxTokens: 100,
          },
        },
      });
      const content = capital_question?.content as { text?: string } | undefined;
      return `Sampling response: ${content?.text ?? ''}`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_list_roots',
    description: 'Asks the client for its roots',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const { client_roots } = await ask({ client_roots: { method: 'roots/list', params: {} } });
      const roots = (client_roots?.roots as { uri?: string }[] | undefined) ?? [];
      return `Roots: ${roots.map((r) => r.uri).join(', ')}`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_request_state',
    description: 'Round-trips a sealed requestState',
    inputSchema: noArgs,
    handler: async (_args, { ask, resumed }) => {
      const { confirm } = await ask({
        confirm: {
          method: 'elicitation/create',
          params: {
            message: 'Please confirm',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          },
        },
      });
      return `${resumed ? 'state-ok' : 'state-missing'}: confirmed=${accepted(confirm, 'ok')}`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_multiple_inputs',
    description: 'Asks for three inputs at once',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const answers = await ask({
        user_name: nameRequest('What is your name?'),
        greeting: {
          method: 'sampling/createMessage',
          params: {
            messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
            maxTokens: 50,
          },
        },
        client_roots: { method: 'roots/list', params: {} },
      });
      return `Received ${Object.keys(answers).sort().join(', ')}`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_multi_round',
    description: 'Asks in two rounds',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const { step1 } = await ask({ step1: nameRequest('Step 1: What is your name?') });
      const { step2 } = await ask({
        step2: {
          method: 'elicitation/create',
          params: {
            message: 'Step 2: What is your favorite color?',
            requestedSchema: {
              type: 'object',
              properties: { color: { type: 'string' } },
              required: ['color'],
            },
          },
        },
      });
      return `${accepted(step1, 'name')} likes ${accepted(step2, 'color')}`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_tampered_state',
    description: 'Rejects a tampered requestState',
    inputSchema: noArgs,
    handler: async (_args, { ask }) => {
      const { user_name } = await ask({ user_name: nameRequest('What is your name?') });
      return `Hello, ${accepted(user_name, 'name')}!`;
    },
  });
  tools.registerTool({
    name: 'test_input_required_result_capabilities',
    description: 'Only asks for what the client declared',
    inputSchema: noArgs,
    handler: async (_args, { ask, clientCapabilities }) => {
      const wanted: Parameters<typeof ask>[0] = {};
      if (clientCapabilities.elicitation) wanted.user_name = nameRequest('What is your name?');
      if (clientCapabilities.sampling) {
        wanted.greeting = {
          method: 'sampling/createMessage',
          params: {
            messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
            maxTokens: 50,
          },
        };
      }
      if (clientCapabilities.roots) wanted.client_roots = { method: 'roots/list', params: {} };
      const answers = await ask(wanted);
      return `Received ${Object.keys(answers).sort().join(', ') || 'nothing'}`;
    },
  });
}
