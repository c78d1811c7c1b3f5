/** The tasks a {@link io.taskflow4j.flow.FanOut} is made of. Not API. */
package io.taskflow4j.flow.internal;
