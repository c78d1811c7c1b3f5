/** How task classes are instantiated ({@link io.taskflow4j.task.TaskFactory#forClass}). Not API. */
package io.taskflow4j.task.internal;
