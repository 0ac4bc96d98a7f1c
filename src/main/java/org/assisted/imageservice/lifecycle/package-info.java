/**
 * The composition root: {@code StartupListener} builds every service from the configuration, registers the filters
 * and Jersey's servlet, starts the image store and undoes it all on undeploy; {@code JdkLeakWorkarounds} keeps
 * redeploys from leaking the web application's class loader.
 * <p>May import: everything.
 */
package org.assisted.imageservice.lifecycle;
