/** What an application implements to let the dashboard act on flows. */
package io.taskflow4j.dashboard.spi;
