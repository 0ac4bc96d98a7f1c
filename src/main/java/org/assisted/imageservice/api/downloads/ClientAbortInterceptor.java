package org.assisted.imageservice.api.downloads;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;

/**
 * A client that goes away mid-download is normal (BMCs, cancelled curls): log it at debug and count
 * it instead of letting Jersey log a stack trace. Tomcat signals it with its
 * {@code ClientAbortException}, matched by name so the WAR does not link against Tomcat.
 */
public final class ClientAbortInterceptor implements WriterInterceptor {
    private static final Logger LOG = Logger.getLogger(ClientAbortInterceptor.class.getName());
    private static final String CLIENT_ABORT = "org.apache.catalina.connector.ClientAbortException";

    private final Counter aborted;

    public ClientAbortInterceptor(MeterRegistry registry) {
        this.aborted = Counter.builder("assisted_image_service_downloads_aborted")
                .description("Downloads whose client disconnected before the last byte.")
                .register(registry);
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        try {
            context.proceed();
        } catch (IOException e) {
            if (!absorbed(e)) {
                throw e;
            }
        }
    }

    /**
     * Counts and logs {@code e} when it is a client that went away, which the caller then swallows; also used by
     * {@code ReusedDownloadFilter}, which writes bodies outside Jersey.
     *
     * @return whether {@code e} was a client abort
     */
    public boolean absorbed(IOException e) {
        if (!CLIENT_ABORT.equals(e.getClass().getName())) {
            return false;
        }
        aborted.increment();
        LOG.log(Level.FINE, () -> "request " + RequestIdFilter.current() + ": client disconnected during download: " + e);
        return true;
    }
}
