/** Extension points for job boards: providers that open a board by URL. */
package io.taskflow4j.jobs.spi;
