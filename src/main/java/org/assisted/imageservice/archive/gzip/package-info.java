/**
 * Single-member gzip files (RFC 1952) with fixed headers, so that equal inputs give equal bytes.
 * <p>May import: nothing of ours.
 */
package org.assisted.imageservice.archive.gzip;
