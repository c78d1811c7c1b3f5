/** The implementation of the dashboard: its HTTP server and pages; not API. */
package io.taskflow4j.dashboard.internal;
