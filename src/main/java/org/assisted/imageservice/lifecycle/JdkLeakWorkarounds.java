package org.assisted.imageservice.lifecycle;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.runtime.ObjectMethods;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Releases references the JDK keeps to this web application's classes after it stops, so that its class loader
 * can be collected after an undeploy or reload.
 */
final class JdkLeakWorkarounds {
    private static final Logger LOG = Logger.getLogger(JdkLeakWorkarounds.class.getName());
    private static final String[] RECORD_METHODS = {"equals", "hashCode", "toString"};

    private JdkLeakWorkarounds() {
    }

    /**
     * Java 17 (fixed in 18 by JDK-8078641): {@code MethodHandle.asType} caches its last result strongly, and the
     * shared handles of {@link ObjectMethods} (behind every record's {@code equals}, {@code hashCode} and
     * {@code toString}) thereby keep the last record component type they were adapted to, e.g. one of our enums,
     * and with it our class loader. Bootstrapping the three methods once more for a JDK type ({@code String} with
     * one {@code String} component) replaces those cache entries.
     */
    static void clearRecordMethodCaches() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle component = lookup.findVirtual(String.class, "toString", MethodType.methodType(String.class));
            for (String method : RECORD_METHODS) {
                ObjectMethods.bootstrap(lookup, method, MethodHandle.class, String.class, "value", component);
            }
        } catch (Throwable e) {
            LOG.log(Level.FINE, "could not clear the JDK's record method handle caches", e);
        }
    }
}
