/**
 * The Redis job board: {@link io.taskflow4j.jobs.redis.RedisJobBoards#open(String)}, or {@code
 * JobBoards.open("redis://host:6379/NAMESPACE")} with this module on the class path. It shares
 * its board with the reference's {@code RedisJobBoard}.
 */
package io.taskflow4j.jobs.redis;
