// A hand-written MCP endpoint on Express: passport-http-bearer tokens checked against hashed tokens, roles per tool,
// zod validation, express-rate-limit, winston with a redacting format, and graceful shutdown.
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import rateLimit from 'express-rate-limit';
import passport from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import winston from 'winston';
import { z } from 'zod';

interface User {
  id: string;
  roles: string[];
}

const TOKEN_DIGESTS = new Map<string, User>(
  (process.env.TOKENS ?? '').split(',').filter(Boolean).map((entry) => {
    const [digest = '', id = '', roles = ''] = entry.split(':');
    return [digest, { id, roles: roles.split('+') }];
  }),
);

const redactSecrets = winston.format((info) => ({ ...info, token: info.token ? '[redacted]' : undefined }));
const logger = winston.createLogger({ format: winston.format.combine(redactSecrets(), winston.format.json()), transports: [new winston.transports.Console()] });

passport.use(
  new BearerStrategy((token, done) => {
    const presented = createHash('sha256').update(token).digest();
    for (const [hex, user] of TOKEN_DIGESTS) {
      const stored = Buffer.from(hex, 'hex');
      if (stored.length === presented.length && timingSafeEqual(stored, presented)) return done(null, user);
    }
    logger.warn('authentication failed: unknown bearer token');
    return done(null, false);
  }),
);

const tools = {
  lookup_order: {
    description: 'Looks up an order by number.',
    role: 'support',
    inputSchema: { type: 'object', properties: { number: { type: 'string', pattern: '^ORD-[0-9]{6}$' } }, required: ['number'], additionalProperties: false },
    args: z.object({ number: z.string().regex(/^ORD-[0-9]{6}$/) }).strict(),
    run: async ({ number }: { number: string }) => `order ${number}: shipped`,
  },
};

function hasRole(user: User, role: string): boolean {
  return user.roles.includes(role);
}

const app = express();
app.use(express.json({ limit: '64kb' }));
app.use('/mcp', passport.authenticate('bearer', { session: false }));
app.use('/mcp', rateLimit({ windowMs: 60_000, limit: 60, standardHeaders: 'draft-8', keyGenerator: (req) => (req.user as User).id }));

app.post('/mcp', async (req, res) => {
  const user = req.user as User;
  const { id, method, params } = req.body as { id: number; method: string; params?: { name?: string; arguments?: unknown } };
  if (method === 'tools/list') {
    const visible = Object.entries(tools).filter(([, tool]) => hasRole(user, tool.role));
    res.json({ jsonrpc: '2.0', id, result: { tools: visible.map(([name, t]) => ({ name, description: t.description, inputSchema: t.inputSchema })) } });
    return;
  }
  if (method !== 'tools/call') {
    res.json({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
    return;
  }
  const tool = tools[params?.name as keyof typeof tools];
  if (!tool || !hasRole(user, tool.role)) {
    logger.warn('tool call denied', { user: user.id, tool: params?.name });
    res.json({ jsonrpc: '2.0', id, error: { code: -32602, message: 'Unknown tool' } });
    return;
  }
  const parsed = tool.args.safeParse(params?.arguments);
  if (!parsed.success) {
    res.json({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: parsed.error.message }], isError: true } });
    return;
  }
  logger.info('tool invoked', { user: user.id, tool: params?.name });
  res.json({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: await tool.run(parsed.data) }] } });
});

const httpServer = app.listen(3005, '127.0.0.1');
process.on('SIGTERM', () => httpServer.close());
