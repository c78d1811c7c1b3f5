/**
 * Helpers shared by taskflow4j's own modules: duration text and thread factories. Not API: it may
 * change in any release, and nothing in a public signature refers to it.
 */
package io.taskflow4j.internal;
