/** The implementation of the AMQP transport; not an API, may change at any time. */
package io.taskflow4j.transport.amqp.internal;
