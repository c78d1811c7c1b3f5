/** The Jackson-backed value converter; not part of the API. */
package io.taskflow4j.value.internal;
