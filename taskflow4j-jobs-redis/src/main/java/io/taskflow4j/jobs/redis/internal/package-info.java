/** The Redis job board's implementation: its URL, msgpack codec, Lua scripts and watcher; not API. */
package io.taskflow4j.jobs.redis.internal;
