/** Micrometer metrics of flows, atoms and remote executors: {@link io.taskflow4j.metrics.FlowMetrics}. */
package io.taskflow4j.metrics;
