/** Implementation of the job boards and conductor; not API. */
package io.taskflow4j.jobs.internal;
