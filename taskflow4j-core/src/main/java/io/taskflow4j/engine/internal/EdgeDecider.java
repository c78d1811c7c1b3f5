package io.taskflow4j.engine.internal;

import io.taskflow4j.flow.Decider;
import io.taskflow4j.flow.DeciderDepth;

/**
 * A decider on a compiled edge.
 *
 * @param from the node the link comes from: an atom, or the end of a flow (which has no result)
 * @param decider the decider
 * @param depth what it skips when it says no
 */
record EdgeDecider(int from, Decider decider, DeciderDepth depth) {}
