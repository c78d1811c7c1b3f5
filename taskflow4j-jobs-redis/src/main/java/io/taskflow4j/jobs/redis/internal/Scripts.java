package io.taskflow4j.jobs.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

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
 * <p>Claiming and consuming several jobs and the poll read keys derived from the namespace prefix
 * inside the script, which is fine on one server (what the reference supports too) but not on
 * Redis Cluster.
 */
final class Scripts {

  private Scripts() {}

  /**
   * KEYS: listings, owner key, last-modified key. ARGV: id, claimer, lease in ms, last-modified
   * value. Returns {1, listing} when claimed.
   */
  static final Script CLAIM = new Script("""
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
   * Lists the board: KEYS: listings, sequence. Returns {sequence or false, the listed ids}, read
   * together so that {@link #CLAIM_MANY} can tell whether the board changed since.
   */
  static final Script LIST = new Script("""
      return {redis.call('GET', KEYS[2]), redis.call('HKEYS', KEYS[1])}
      """);

  /**
   * Claims several jobs. KEYS: listings, sequence. ARGV: key prefix ({@code NS:}), claimer, lease
   * in ms, last-modified value, the most to claim, whether to check the listing ({@code 1} or
   * {@code 0}), the sequence and listing count the caller listed at (the sequence empty when
   * there was none), by how much the count may be lower because of the caller's own consumes
   * under way, then the candidate ids in claim order.
   *
   * <p>When checking and the sequence or the number of listings differs, claims nothing and
   * returns {0}: the caller's candidates may miss a job posted since, so it lists again. Otherwise
   * claims, in order, each candidate that is listed and unowned (the owner key set only if absent,
   * as the single claim does) until it has the most, and returns {1, how many candidates it looked
   * at, id, listing, id, listing, ...}.
   */
  static final Script CLAIM_MANY = new Script("""
      if ARGV[6] == '1' then
        local sequence = redis.call('GET', KEYS[2]) or ''
        local listed = redis.call('HLEN', KEYS[1])
        local count = tonumber(ARGV[8])
        if sequence ~= ARGV[7] or listed > count or listed < count - tonumber(ARGV[9]) then
          return {0}
        end
      end
      local prefix = ARGV[1]
      local most = tonumber(ARGV[5])
      local result = {1, 0}
      local claimed = 0
      for i = 10, #ARGV do
        local id = ARGV[i]
        result[2] = i - 9
        local listing = redis.call('HGET', KEYS[1], id)
        if listing and redis.call('SET', prefix .. id .. '.owned', ARGV[2], 'NX', 'PX', ARGV[3]) then
          redis.call('SET', prefix .. id .. '.last_modified', ARGV[4])
          result[#result + 1] = id
          result[#result + 1] = listing
          claimed = claimed + 1
          if claimed >= most then
            break
          end
        end
      end
      return result
      """);

  /** KEYS: owner key. ARGV: claimer, lease in ms. Returns {1} when extended. */
  static final Script RENEW = new Script("""
      local holder = redis.call('GET', KEYS[1])
      if holder ~= ARGV[1] then
        return {2, holder or ''}
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {1}
      """);

  /** KEYS: listings, owner key, last-modified key. ARGV: id, claimer. Returns {1} when removed. */
  static final Script CONSUME = new Script("""
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
   * Consumes several jobs with the checks of {@link #CONSUME}. KEYS: listings. ARGV: key prefix,
   * then pairs of id and claimer. Returns, for each pair, its status and holder (empty when
   * nobody, or when consumed), as one flat array.
   */
  static final Script CONSUME_MANY = new Script("""
      local prefix = ARGV[1]
      local result = {}
      for i = 2, #ARGV, 2 do
        local id = ARGV[i]
        local status = 1
        local holder = ''
        if redis.call('HEXISTS', KEYS[1], id) == 0 then
          status = 0
        else
          holder = redis.call('GET', prefix .. id .. '.owned') or ''
          if holder ~= ARGV[i + 1] then
            status = 2
          else
            holder = ''
            redis.call('DEL', prefix .. id .. '.owned', prefix .. id .. '.last_modified')
            redis.call('HDEL', KEYS[1], id)
          end
        end
        result[#result + 1] = status
        result[#result + 1] = holder
      end
      return result
      """);

  /**
   * KEYS: listings, owner key, last-modified key. ARGV: id, claimer, last-modified value, events
   * channel. Returns {1} when given back.
   */
  static final Script ABANDON = new Script("""
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
  static final Script TRASH = new Script("""
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
  static final Script POST = new Script("""
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
  static final Script OWNERS = new Script("""
      local result = {}
      for i = 2, #ARGV do
        local key = ARGV[1] .. ARGV[i] .. '.owned'
        result[#result + 1] = redis.call('GET', key)
        result[#result + 1] = redis.call('PTTL', key)
      end
      return result
      """);

  /**
   * KEYS: listings, sequence. ARGV: key prefix, the most listings to count the unowned of (0: do
   * not count). Returns {sequence or false, how many listed jobs have no owner, or -1 when not
   * counted or there are more listings than the limit}: what the watcher compares between polls to
   * notice posts and abandons by the reference. Only counting is O(listings).
   */
  static final Script POLL = new Script("""
      local sequence = redis.call('GET', KEYS[2])
      local limit = tonumber(ARGV[2])
      if limit == 0 or redis.call('HLEN', KEYS[1]) > limit then
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

  /**
   * A script run by its SHA-1 ({@code EVALSHA}), so that its text crosses the wire only when
   * Redis does not have it yet (after a restart or {@code SCRIPT FLUSH}).
   */
  static final class Script {

    private final byte[] text;
    private final byte[] sha1;

    private Script(String text) {
      this.text = text.getBytes(StandardCharsets.UTF_8);
      try {
        this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(this.text))
            .getBytes(StandardCharsets.US_ASCII);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-1", e);
      }
    }

    /**
     * Runs the script; when Redis does not know it, sends its text once, which also loads it.
     *
     * @param commands where
     * @param keys its KEYS
     * @param arguments its ARGV
     * @return its reply
     */
    Object run(UnifiedJedis commands, List<byte[]> keys, List<byte[]> arguments) {
      try {
        return commands.evalsha(sha1, keys, arguments);
      } catch (JedisNoScriptException e) {
        return commands.eval(text, keys, arguments);
      }
    }
  }
}
