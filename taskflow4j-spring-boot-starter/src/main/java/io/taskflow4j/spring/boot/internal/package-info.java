/** The starter's wiring: the worker's lifecycle, health and metrics. Not API. */
package io.taskflow4j.spring.boot.internal;
