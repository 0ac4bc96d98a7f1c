/**
 * One Jersey resource class per endpoint (docs/upstream-behaviour.md#routes): each reads its path and query
 * parameters, hands the work to {@code api.downloads} or the store, and returns the answer. No resource builds
 * bytes itself.
 * <p>May import: {@code api}, {@code api.downloads}, {@code api.errors}, {@code assisted}, {@code config},
 * {@code coreos}, {@code http}, {@code iso}, {@code overlay}, {@code store}.
 */
package org.assisted.imageservice.api.resources;
