/**
 * OpenTelemetry traces of flows and atoms, continued on remote workers: {@link
 * io.taskflow4j.tracing.FlowTracing}.
 */
package io.taskflow4j.tracing;
