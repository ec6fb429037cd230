/**
 * The Lua scripts behind RedisSessionStore's per-principal cap. Each principal's sessions are listed in a sorted set
 * (`<prefix>sessions-of:<tenant><principal>`) scored by when the session expires (last use plus the idle time), so
 * the lowest score is the least recently used, as in the in-memory store, and members whose session has expired are
 * found by score alone. Atomic in Redis, so instances opening sessions for one principal at once cannot overshoot.
 */
import { luaScript } from '../store/redis-connection.js';

/**
 * Stores a new session and lists it under its principal; when the principal already holds `max` sessions, ends the
 * least recently used ones (their keys deleted) to make room. Returns the ids it ended.
 * KEYS[1] the session, KEYS[2] the principal's set. ARGV: record, idle ms, now ms, max, session key prefix, new id.
 */
export const createSessionScript = luaScript(`
local idle = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', idle)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local ended = {}
local over = redis.call('ZCARD', KEYS[2]) - max + 1
if over > 0 then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, over - 1)
  for _, id in ipairs(oldest) do
    redis.call('DEL', ARGV[5] .. id)
    redis.call('ZREM', KEYS[2], id)
    ended[#ended + 1] = id
  end
end
redis.call('ZADD', KEYS[2], now + idle, ARGV[6])
redis.call('PEXPIRE', KEYS[2], idle)
return ended
`);

/**
 * Pushes back a session's expiry and its place in its principal's set. Returns 0 when Redis no longer has the
 * session (ended elsewhere, or expired), and then drops it from the set.
 * KEYS[1] the session, KEYS[2] the principal's set. ARGV: idle ms, now ms, id.
 */
export const touchSessionScript = luaScript(`
local idle = tonumber(ARGV[1])
if redis.call('PEXPIRE', KEYS[1], idle) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return 0
end
redis.call('ZADD', KEYS[2], 'XX', tonumber(ARGV[2]) + idle, ARGV[3])
redis.call('PEXPIRE', KEYS[2], idle)
return 1
`);
