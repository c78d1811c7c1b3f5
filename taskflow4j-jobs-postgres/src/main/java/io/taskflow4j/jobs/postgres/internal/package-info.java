/** Implementation of the PostgreSQL job board; not API. */
package io.taskflow4j.jobs.postgres.internal;
