/**
 * The exceptions the HTTP layer answers and the mappers that turn them into upstream's statuses and bodies
 * (docs/upstream-behaviour.md#error-bodies), plus the text shapes shared with the filters that answer before
 * Jersey.
 * <p>May import: {@code api}, {@code api.filters} (the request id), {@code assisted}, {@code config},
 * {@code coreos}, {@code store}.
 */
package org.assisted.imageservice.api.errors;
