package io.taskflow4j.jobs.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * The board's Lua scripts. Each runs atomically in Redis, so an owner check and the change it
 * guards cannot be split by another client, and all lease times are Redis's own.
 *
 * <p>They keep the reference's layout: {@code NS:listings} (hash, id to job), {@code
 * NS:<id>.owned} (the owner's name, with the lease as the key's expiry), {@code
 * NS:<id>.last_modified} (an oslo datetime), {@code NS:trash} (hash). Our own keys are {@code
 * NS:taskflow4j.trash_reasons} (hash, id to a msgpack map of reason and time) and the channel
 * {@code NS:taskflow4j.events}. Results are arrays whose first element is a status: 1 done, 0 the
 * job is not listed, 2 someone else (the second element, empty when nobody) holds it.
 *
 * <p>claim-next and the poll read keys derived from the namespace prefix inside the script, which
 * is fine on one server (what the reference supports too) but not on Redis Cluster.
 */
final class Scripts {

  private Scripts() {}

  /**
   * KEYS: listings, owner key, last-modified key. ARGV: id, claimer, lease in ms, last-modified
   * value. Returns {1, listing} when claimed.
   */
  static final byte[] CLAIM = lua("""
      local listing = redis.call('HGET', KEYS[1], ARGV[1])
      if not listing then
        return {0}
      end
      local holder = redis.call('GET', KEYS[2])
      if holder then
        return {2, holder}
      end
      redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
      redis.call('SET', KEYS[3], ARGV[4])
      return {1, listing}
      """);

  /**
   * KEYS: listings. ARGV: key prefix ({@code NS:}), claimer, lease in ms, last-modified value,
   * then the candidate ids in claim order. Claims the first candidate that is listed and unowned;
   * returns {1, id, listing}, or {0} when there is none.
   */
  static final byte[] CLAIM_NEXT = lua("""
      local prefix = ARGV[1]
      for i = 5, #ARGV do
        local id = ARGV[i]
        local listing = redis.call('HGET', KEYS[1], id)
        if listing and redis.call('EXISTS', prefix .. id .. '.owned') == 0 then
          redis.call('SET', prefix .. id .. '.owned', ARGV[2], 'PX', ARGV[3])
          redis.call('SET', prefix .. id .. '.last_modified', ARGV[4])
          return {1, id, listing}
        end
      end
      return {0}
      """);

  /** KEYS: owner key. ARGV: claimer, lease in ms. Returns {1} when extended. */
  static final byte[] RENEW = lua("""
      local holder = redis.call('GET', KEYS[1])
      if holder ~= ARGV[1] then
        return {2, holder or ''}
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {1}
      """);

  /** KEYS: listings, owner key, last-modified key. ARGV: id, claimer. Returns {1} when removed. */
  static final byte[] CONSUME = lua("""
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
        return {0}
      end
      local holder = redis.call('GET', KEYS[2])
      if holder ~= ARGV[2] then
        return {2, holder or ''}
      end
      -- The owner key goes first: should anything below fail, the job stays listed and claimable.
      redis.call('DEL', KEYS[2], KEYS[3])
      redis.call('HDEL', KEYS[1], ARGV[1])
      return {1}
      """);

  /**
   * KEYS: listings, owner key, last-modified key. ARGV: id, claimer, last-modified value, events
   * channel. Returns {1} when given back.
   */
  static final byte[] ABANDON = lua("""
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
        return {0}
      end
      local holder = redis.call('GET', KEYS[2])
      if holder ~= ARGV[2] then
        return {2, holder or ''}
      end
      redis.call('DEL', KEYS[2])
      redis.call('SET', KEYS[3], ARGV[3])
      redis.call('PUBLISH', ARGV[4], 'abandoned ' .. ARGV[1])
      return {1}
      """);

  /**
   * KEYS: listings, trash, owner key, last-modified key, trash reasons. ARGV: id, last-modified
   * value (empty: leave it), reason value, and optionally the listing's expected bytes (for
   * moving an unreadable entry only if nobody rewrote it meanwhile). Returns {1} when moved.
   */
  static final byte[] TRASH = lua("""
      local listing = redis.call('HGET', KEYS[1], ARGV[1])
      if not listing or (#ARGV >= 4 and listing ~= ARGV[4]) then
        return {0}
      end
      redis.call('HSET', KEYS[2], ARGV[1], listing)
      redis.call('HSET', KEYS[5], ARGV[1], ARGV[3])
      if ARGV[2] ~= '' then
        redis.call('SET', KEYS[4], ARGV[2])
      end
      redis.call('DEL', KEYS[3])
      redis.call('HDEL', KEYS[1], ARGV[1])
      return {1}
      """);

  /** KEYS: listings. ARGV: id, listing, events channel. Returns {1} when posted. */
  static final byte[] POST = lua("""
      if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
        return {0}
      end
      redis.call('PUBLISH', ARGV[3], 'posted ' .. ARGV[1])
      return {1}
      """);

  /**
   * ARGV: key prefix, then ids. Returns, for each id, its owner (false when none) and the owner
   * key's remaining time in ms (-1 without expiry, -2 without owner), as one flat array.
   */
  static final byte[] OWNERS = lua("""
      local result = {}
      for i = 2, #ARGV do
        local key = ARGV[1] .. ARGV[i] .. '.owned'
        result[#result + 1] = redis.call('GET', key)
        result[#result + 1] = redis.call('PTTL', key)
      end
      return result
      """);

  /**
   * KEYS: listings, sequence. ARGV: key prefix, the most listings to look at. Returns {sequence or
   * false, how many listed jobs have no owner (-1 when there are more listings than the limit)}:
   * what the watcher compares between polls to notice posts and abandons by the reference.
   */
  static final byte[] POLL = lua("""
      local sequence = redis.call('GET', KEYS[2])
      if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[2]) then
        return {sequence, -1}
      end
      local free = 0
      for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
        if redis.call('EXISTS', ARGV[1] .. id .. '.owned') == 0 then
          free = free + 1
        end
      end
      return {sequence, free}
      """);

  private static byte[] lua(String script) {
    return script.getBytes(StandardCharsets.UTF_8);
  }
}
