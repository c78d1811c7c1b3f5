/**
 * The protocol machinery that the worker and the remote executor share: the dispatcher that settles
 * every received message, the heartbeat events, and the state machine of one request. Not API.
 */
package io.taskflow4j.protocol.internal;
