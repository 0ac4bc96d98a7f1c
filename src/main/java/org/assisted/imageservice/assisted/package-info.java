/**
 * The assisted-service client (HttpClient 5 async): fetching ignition, ramdisk and kernel arguments for one image
 * id, the credential a request carries, JWT parsing, and the upstream failure types.
 * <p>May import: {@code config}, {@code json}, {@code outbound}. HttpClient 5.
 */
package org.assisted.imageservice.assisted;
