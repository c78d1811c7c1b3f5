/**
 * How the remote executor works inside: the table of known workers and the open requests. Not part
 * of the public API; it may change in any release.
 */
package io.taskflow4j.remote.internal;
