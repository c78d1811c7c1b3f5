/**
 * The RabbitMQ (AMQP 0-9-1) transport of the worker protocol: {@link
 * io.taskflow4j.transport.amqp.AmqpTransport}, built from a URL and settings.
 */
package io.taskflow4j.transport.amqp;
