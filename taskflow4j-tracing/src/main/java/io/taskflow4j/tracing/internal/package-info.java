/** The implementation of the traces; not API. */
package io.taskflow4j.tracing.internal;
