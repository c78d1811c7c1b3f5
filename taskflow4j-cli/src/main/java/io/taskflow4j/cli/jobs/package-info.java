/** What the {@code jobs} and {@code conductor} commands share: the board option, views, factories. */
package io.taskflow4j.cli.jobs;
