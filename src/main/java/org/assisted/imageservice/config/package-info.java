/**
 * Every configuration variable, parsed and validated once at start ({@code ServiceConfig}); a bad value stops the
 * deployment with one line naming the variable. See README.md for the variables.
 * <p>May import: {@code json}.
 */
package org.assisted.imageservice.config;
