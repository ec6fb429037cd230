import type { PromptRegistry } from '../prompts/prompt-registry.js';
import type { ResourceRegistry } from '../resources/resource-registry.js';
import { redPixelPng } from './media.js';

/** The resources and resource template the conformance suite reads and subscribes to. */
export function registerFixtureResources(resources: ResourceRegistry): void {
  resources.registerResource({
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A static text resource',
    mimeType: 'text/plain',
    read: (uri) => [
      { uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
    ],
  });
  resources.registerResource({
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A static binary resource (PNG)',
    mimeType: 'image/png',
    read: (uri) => [{ uri, mimeType: 'image/png', blob: redPixelPng }],
  });
  resources.registerResource({
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A resource clients may subscribe to',
    mimeType: 'text/plain',
    read: (uri) => [{ uri, mimeType: 'text/plain', text: 'Watched resource content' }],
  });
  resources.registerResourceTemplate({
    uriTemplate: 'test://template/{id}/data',
    name: 'template-data',
    description: 'Data for an id',
    mimeType: 'application/json',
    read: (uri, { id = '' }) => [
      {
        uri,
        mimeType: 'application/json',
        text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
      },
    ],
    complete: { id: (value) => ['1', '123', '42'].filter((v) => v.startsWith(value)) },
  });
}

/** The prompts the conformance suite lists, gets and completes. */
export function registerFixturePrompts(prompts: PromptRegistry): void {
  prompts.registerPrompt({
    name: 'test_simple_prompt',
    description: 'A prompt without arguments',
    get: () => ({
      messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }],
    }),
  });
  prompts.registerPrompt({
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two required arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
    get: ({ arg1, arg2 }) => ({
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` },
        },
      ],
    }),
    complete: {
      arg1: (value) => ['paris', 'park', 'party', 'test', 'testing'].filter((v) => v.startsWith(value)),
      arg2: (value) => ['world', 'wide'].filter((v) => v.startsWith(value)),
    },
  });
  prompts.registerPrompt({
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt embedding a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
    get: ({ resourceUri = '' }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: resourceUri,
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.',
            },
          },
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ],
    }),
  });
  prompts.registerPrompt({
    name: 'test_prompt_with_image',
    description: 'A prompt with an image',
    get: () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: redPixelPng, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    }),
  });
  prompts.registerPrompt({
    name: 'test_input_required_result_prompt',
    description: 'A prompt that needs context from the user first',
    get: async (_args, { ask }) => {
      const { user_context } = await ask({
        user_context: {
          method: 'elicitation/create',
          params: {
            message: 'What context should the prompt use?',
            requestedSchema: {
              type: 'object',
              properties: { context: { type: 'string' } },
              required: ['context'],
            },
          },
        },
      });
      const context = String((user_context?.content as Record<string, unknown> | undefined)?.context ?? '');
      return {
        messages: [{ role: 'user', content: { type: 'text', text: `Use this context: ${context}` } }],
      };
    },
  });
}
