/**
 * The JSON Schema (2020-12) of the `safeguard serve --config FILE` file. Field names are snake_case as in the seed;
 * unknown fields are errors everywhere, so a typo never silently turns a protection off.
 */

const identifier = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:@/-]*$',
};
const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' };
const roleList = { type: 'array', items: identifier, uniqueItems: true };
const positiveInteger = { type: 'integer', minimum: 1, maximum: 1_000_000_000 };
const limit = {
  type: 'object',
  additionalProperties: false,
  required: ['requests_per_minute'],
  properties: { requests_per_minute: positiveInteger, burst: positiveInteger },
};

export const serverConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://mcp-safeguard.dev/schemas/server-config.json',
  title: 'safeguard serve configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        version: { type: 'string', minLength: 1 },
        tool_timeout_ms: { type: 'integer', minimum: 0, maximum: 86_400_000 },
        http: {
          type: 'object',
          additionalProperties: false,
          properties: {
            host: { type: 'string', minLength: 1 },
            port: { type: 'integer', minimum: 0, maximum: 65535 },
            path: { type: 'string', pattern: '^/' },
            allowed_origins: { type: 'array', items: { type: 'string', minLength: 1 } },
            max_body_bytes: positiveInteger,
            max_buffered_body_bytes: positiveInteger,
            max_connections: positiveInteger,
          },
        },
      },
    },
    security: {
      type: 'object',
      additionalProperties: false,
      properties: {
        api_keys: {
          type: 'array',
          items: {
            // The seed's bare list of digests, or a key with its principal, tenant and roles.
            if: { type: 'string' },
            then: digest,
            else: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'hash'],
              properties: {
                id: identifier,
                hash: digest,
                principal: identifier,
                tenant: identifier,
                roles: roleList,
              },
            },
          },
        },
        users: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'password_hash'],
            properties: {
              username: identifier,
              password_hash: { type: 'string', pattern: '^\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}$' },
              principal: identifier,
              tenant: identifier,
              roles: roleList,
            },
          },
        },
        oauth: {
          type: 'object',
          additionalProperties: false,
          required: ['issuer', 'resource', 'algorithms'],
          oneOf: [{ required: ['jwks_file'] }, { required: ['jwks_url'] }],
          properties: {
            issuer: { type: 'string', format: 'uri' },
            resource: { type: 'string', format: 'uri' },
            audience: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
            authorization_servers: { type: 'array', items: { type: 'string', format: 'uri' } },
            jwks_file: { type: 'string', minLength: 1 },
            jwks_url: { type: 'string', format: 'uri' },
            algorithms: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: {
                enum: [
                  'RS256',
                  'RS384',
                  'RS512',
                  'PS256',
                  'PS384',
                  'PS512',
                  'ES256',
                  'ES384',
                  'ES512',
                  'EdDSA',
                  'Ed25519',
                ],
              },
            },
            scopes_supported: { type: 'array', items: { type: 'string', minLength: 1 } },
            required_scopes: { type: 'array', items: { type: 'string', minLength: 1 } },
            claims: {
              type: 'object',
              additionalProperties: false,
              properties: { principal: identifier, tenant: identifier, roles: identifier },
            },
            clock_tolerance_seconds: { type: 'integer', minimum: 0, maximum: 300 },
          },
        },
        roles: { type: 'object', propertyNames: identifier, additionalProperties: roleListOrWildcard() },
        failed_auth_limit: limit,
        stdio: {
          type: 'object',
          additionalProperties: false,
          properties: {
            authenticate: { type: 'boolean' },
            api_key_env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            principal: identifier,
            tenant: identifier,
            roles: roleList,
          },
        },
      },
    },
    rate_limit: {
      type: 'object',
      additionalProperties: false,
      required: ['requests_per_minute'],
      properties: {
        requests_per_minute: positiveInteger,
        burst: positiveInteger,
        per: { type: 'array', uniqueItems: true, items: { enum: ['principal', 'tenant', 'tool'] } },
        limits: {
          type: 'object',
          additionalProperties: false,
          properties: { principal: limit, tenant: limit, tool: limit },
        },
        max_buckets: positiveInteger,
        tool_buckets: { enum: ['tenant', 'global'] },
      },
    },
    store: {
      type: 'object',
      additionalProperties: false,
      properties: {
        redis: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', pattern: '^rediss?://' },
            key_prefix: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:{}/-]+$' },
            on_unavailable: { enum: ['refuse', 'memory'] },
            timeout_ms: { type: 'integer', minimum: 10, maximum: 60_000 },
          },
        },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
        destination: { type: 'string', minLength: 1 },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        path: { type: 'string', pattern: '^/' },
        permission: { type: 'string', minLength: 1, maxLength: 200 },
      },
    },
  },
} as const;

function roleListOrWildcard() {
  return { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 200 } };
}
