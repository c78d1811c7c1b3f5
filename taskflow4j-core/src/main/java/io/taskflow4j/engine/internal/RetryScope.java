package io.taskflow4j.engine.internal;

import io.taskflow4j.retry.Retry;

/**
 * A flow with a retry controller, as a contiguous range of node ids: {@code retryNode} is the
 * flow's first node and {@code endNode} its last. Immutable.
 */
record RetryScope(int index, int parent, int retryNode, int endNode, Retry retry, String flowName) {

  boolean contains(int node) {
    return node >= retryNode && node <= endNode;
  }
}
