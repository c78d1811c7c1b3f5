/**
 * The in-memory transport: a broker inside one JVM with RabbitMQ's behaviour for the worker
 * protocol, for running engine and workers in one process and for tests. Start with {@link
 * io.taskflow4j.transport.memory.InMemoryBroker#create()} and give each participant its own {@link
 * io.taskflow4j.transport.memory.InMemoryBroker#transport()}.
 */
package io.taskflow4j.transport.memory;
