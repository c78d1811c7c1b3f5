/**
 * How the worker and the remote executor work inside: message dispatching, task endpoints,
 * heartbeats. Not part of the public API; it may change in any release.
 */
package io.taskflow4j.worker.internal;
