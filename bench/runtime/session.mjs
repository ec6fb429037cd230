// What every reference-runtime bench server shares: the same echo tool, and a session opened the way a real client
// opens one (initialize, then the session id on every request). Kept outside servers/, which holds only variants.
/* global fetch */

/** The echo tool with an input schema, identical for every variant so that they are compared on equal work. */
export const echoTool = {
  name: 'echo',
  description: 'Echoes its text',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  handler: (args) => ({ content: [{ type: 'text', text: String(args.text) }] }),
};

/** The initialize request every variant's session starts with. */
export const initializeRequest = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
});

/** Initializes a session-era session at `url` (with extra headers, e.g. credentials) and returns its id. */
export async function openSession(url, headers = {}) {
  const init = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: initializeRequest,
  });
  await init.text();
  const sessionId = init.headers.get('mcp-session-id');
  if (!sessionId) throw new Error(`bench: initialize at ${url} failed with ${init.status}`);
  return sessionId;
}
