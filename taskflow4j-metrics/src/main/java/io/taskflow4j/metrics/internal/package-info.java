/** The implementation of the metrics; not API. */
package io.taskflow4j.metrics.internal;
