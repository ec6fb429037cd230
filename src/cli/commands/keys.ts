import { Command, InvalidArgumentError } from 'commander';
import { digestApiKey, generateApiKey } from '../../runtime/auth/api-key.js';
import { hashPassword } from '../../runtime/auth/password-verifier.js';
import { CommandInputError, EXIT, exitCodeOf } from '../exit.js';

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;
const IDENTIFIER_MAX_LENGTH = 200;

/** The bcrypt cost factors `hash-password` accepts, and the one it uses unless told. */
const COST = { min: 10, max: 15, default: 12 } as const;
const PASSWORD_MIN_LENGTH = 8;

function identifier(value: string): string {
  if (!IDENTIFIER.test(value) || value.length > IDENTIFIER_MAX_LENGTH) {
    throw new InvalidArgumentError('use letters, digits and . _ : @ / - (starting with a letter or digit)');
  }
  return value;
}

function roleList(value: string): string[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  if (roles.length === 0) throw new InvalidArgumentError('give at least one role');
  return roles.map(identifier);
}

interface CreateOptions {
  id: string;
  principal?: string;
  tenant?: string;
  roles: string[];
  json?: boolean;
}

/** The config entry for a key: one YAML flow mapping, ready to paste under `security.api_keys`. */
function configLine(options: CreateOptions, hash: string): string {
  const fields = [`id: ${options.id}`, `hash: "${hash}"`, `principal: ${options.principal ?? options.id}`];
  if (options.tenant) fields.push(`tenant: ${options.tenant}`);
  fields.push(`roles: [${options.roles.join(', ')}]`);
  return `- { ${fields.join(', ')} }`;
}

/** Reads all of stdin (a secret is never taken from argv, where `ps` and shell history would see it). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `safeguard keys`: create API keys and hash secrets for the serve config. */
export function keysCommand(): Command {
  const keys = new Command('keys').description(
    'Create API keys and hash passwords for the `safeguard serve` config file.',
  );
  keys
    .command('create')
    .description(
      'Print a new random API key (shown once: store it now) and the line to add under security.api_keys. ' +
        'Only the sha256 digest goes into the config.',
    )
    .option('--id <id>', 'name of the key in the config and in logs', identifier, 'key-1')
    .option('--principal <id>', 'principal the key authenticates (default: the key id)', identifier)
    .option('--tenant <id>', 'tenant of the principal', identifier)
    .option('--roles <list>', 'comma-separated roles', roleList, ['user'])
    .option('--json', 'print {"key","hash","config"} as JSON')
    .action((options: CreateOptions) => {
      const key = generateApiKey();
      const hash = digestApiKey(key);
      const entry = configLine(options, hash);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ key, hash, config: entry })}\n`);
        return;
      }
      process.stdout.write(
        `${key}\n\n` +
          '# The key above is shown once; it is not stored anywhere. Send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".\n' +
          '# Add this entry under security.api_keys in the serve config:\n' +
          `${entry}\n`,
      );
    });

  keys
    .command('hash')
    .description(
      'Read an existing API key on stdin and print its digest (sha256:<hex>) for security.api_keys.',
    )
    .action(async () => {
      process.exitCode = await exitCodeOf('keys hash', async () => {
        const key = await readStdin();
        if (key === '') throw new CommandInputError('no key on stdin');
        process.stdout.write(`${digestApiKey(key)}\n`);
        return EXIT.ok;
      });
    });

  keys
    .command('hash-password')
    .description('Read a password on stdin and print its bcrypt hash for security.users[].password_hash.')
    .option('--cost <n>', `bcrypt cost factor (${COST.min}..${COST.max})`, String(COST.default))
    .action(async (options: { cost: string }) => {
      process.exitCode = await exitCodeOf('keys hash-password', async () => {
        const cost = Number(options.cost);
        if (!Number.isInteger(cost) || cost < COST.min || cost > COST.max) {
          throw new CommandInputError(`--cost must be an integer from ${COST.min} to ${COST.max}`);
        }
        const password = await readStdin();
        if (password.length < PASSWORD_MIN_LENGTH) {
          throw new CommandInputError(
            `the password on stdin must be at least ${PASSWORD_MIN_LENGTH} characters`,
          );
        }
        process.stdout.write(`${await hashPassword(password, cost)}\n`);
        return EXIT.ok;
      });
    });

  return keys;
}
