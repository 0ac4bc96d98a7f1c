/**
 * Rules shared by both outbound HTTP clients (assisted-service and image downloads): redirects that never carry
 * credentials to another origin.
 * <p>May import: nothing of ours. HttpClient 5.
 */
package org.assisted.imageservice.outbound;
