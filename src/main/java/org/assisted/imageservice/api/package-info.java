/**
 * The HTTP face of the service, as Jersey sees it: the application ({@code ImageServiceApplication}), the injection
 * binder, the JSON provider, and the two things every layer of the request path shares: the route table
 * ({@code Routes}, docs/upstream-behaviour.md#routes) and the request path forms ({@code RequestPaths}).
 * Subpackages: {@code resources} (one class per endpoint), {@code downloads} (what a download route answers),
 * {@code errors} (exceptions and their mappers), {@code filters} (servlet and pre-matching filters).
 * <p>May import: {@code api.downloads}, {@code api.errors}, {@code api.filters}, {@code api.resources},
 * {@code assisted}, {@code json}, {@code store}. Jersey and the Servlet API.
 */
package org.assisted.imageservice.api;
