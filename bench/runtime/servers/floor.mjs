// The floor: a bare Node http server that reads the body and returns a fixed JSON-RPC reply. Nothing can be faster
// over the same loopback with the same load generator.
import { createServer } from 'node:http';

const reply = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  result: { content: [{ type: 'text', text: 'hello' }] },
});

export async function start() {
  const http = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}/mcp`,
    close: () => new Promise((resolve) => http.close(resolve)),
  };
}
