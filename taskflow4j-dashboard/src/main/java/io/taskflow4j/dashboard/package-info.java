/**
 * The web dashboard: {@link io.taskflow4j.dashboard.Dashboard} shows the flows a store records,
 * the workers on an exchange and the jobs on a board.
 */
package io.taskflow4j.dashboard;
