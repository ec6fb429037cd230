/**
 * The Lua script behind RedisRateLimitStore.takeAll: every bucket of one request decided and updated in one atomic
 * step, with the arithmetic of token-bucket.ts and memory-store.ts line for line (integers: units of 1/60 000 of a
 * request, a clock in milliseconds), so a shared store and the in-memory one make the same decisions.
 *
 * KEYS: the buckets. ARGV: nowMs, then cost, capacity and refillPerMinute for each key.
 * Returns { allowed (1|0), retryAfterMs (-1 for never), remaining }.
 */
import { luaScript } from '../store/redis-connection.js';

export const takeAllScript = luaScript(`
local MINUTE_MS = 60000
local now = tonumber(ARGV[1])
local states, order, claims = {}, {}, {}
local retry = 0
for i = 1, #KEYS do
  local cost = tonumber(ARGV[i * 3 - 1])
  local capacity = tonumber(ARGV[i * 3])
  local refill = tonumber(ARGV[i * 3 + 1])
  local capUnits = capacity * MINUTE_MS
  -- A key named twice is one bucket, as in the memory store's Map.
  local s = states[KEYS[i]]
  if not s then
    local held = redis.call('HMGET', KEYS[i], 'u', 't')
    if held[1] then
      s = { units = tonumber(held[1]), at = tonumber(held[2]) }
    else
      s = { units = capUnits, at = now }
    end
    states[KEYS[i]] = s
    order[#order + 1] = KEYS[i]
  end
  -- A changed limit applies from now on: units above the new capacity are dropped (memory-store touch).
  s.units = math.min(s.units, capUnits)
  s.capUnits = capUnits
  s.refill = refill
  -- refill(): a clock that went backwards adds nothing and restarts the count from the new reading.
  if now <= s.at then
    s.at = now
  else
    local missing = capUnits - s.units
    if missing > 0 then
      local elapsed = math.min(now - s.at, math.ceil(missing / refill))
      s.units = math.min(capUnits, s.units + elapsed * refill)
    end
    s.at = now
  end
  -- waitFor()
  local need = cost * MINUTE_MS
  if s.units < need then
    if need > capUnits then
      retry = -1
    elseif retry ~= -1 then
      retry = math.max(retry, math.ceil((need - s.units) / refill))
    end
  end
  claims[i] = { s = s, need = need }
end
local allowed = retry == 0
local remaining = nil
for i = 1, #claims do
  local s = claims[i].s
  if allowed then s.units = s.units - claims[i].need end
  local whole = math.floor(s.units / MINUTE_MS)
  if remaining == nil or whole < remaining then remaining = whole end
end
for _, key in ipairs(order) do
  local s = states[key]
  redis.call('HSET', key, 'u', string.format('%.0f', s.units), 't', string.format('%.0f', s.at))
  -- Forgetting a full bucket changes nothing; a minute of margin covers clocks of instances that differ a little.
  local toFull = math.max(0, math.ceil((s.capUnits - s.units) / s.refill))
  redis.call('PEXPIRE', key, toFull + 60000)
end
return { allowed and 1 or 0, retry, remaining or 0 }
`);
