/**
 * Values as JSON: the {@link io.taskflow4j.value.ValueConverter} that turns records and POJOs into
 * JSON values and back, for results, arguments, the wire and stores alike.
 */
package io.taskflow4j.value;
