package org.assisted.imageservice.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.assisted.imageservice.http.CopyBufferPool;

/**
 * JVM metrics (memory, GC, threads, class loading, CPU, uptime), the thread pools of Tomcat's connectors, read
 * through JMX ({@code *:type=ThreadPool,name=*}) so that the WAR does not link against Tomcat, and the downloads'
 * {@link CopyBufferPool} (buffers lent, and how often a download had to wait for one). Upstream exposes none of
 * these; they are extra families next to the three upstream ones. {@link #close()} detaches the GC notification
 * listeners on undeploy.
 */
public final class RuntimeMetrics implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RuntimeMetrics.class.getName());

    private final JvmGcMetrics gc;

    private RuntimeMetrics(JvmGcMetrics gc) {
        this.gc = gc;
    }

    public static RuntimeMetrics bind(MeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        bindThreadPools(registry, ManagementFactory.getPlatformMBeanServer());
        bindCopyBuffers(registry, CopyBufferPool.SHARED);
        return new RuntimeMetrics(gc);
    }

    /** The copy-buffer pool: its size, the buffers lent now, and the takes that found every buffer lent. */
    static void bindCopyBuffers(MeterRegistry registry, CopyBufferPool pool) {
        Gauge.builder("assisted_image_service_copy_buffers", pool, CopyBufferPool::capacity)
                .description("Direct buffers in the downloads' copy-buffer pool.").register(registry);
        Gauge.builder("assisted_image_service_copy_buffers_in_use", pool, CopyBufferPool::inUse)
                .description("Copy buffers lent to downloads now.").register(registry);
        FunctionCounter.builder("assisted_image_service_copy_buffer_waits", pool, CopyBufferPool::waits)
                .description("Downloads that found every copy buffer lent and waited for one.").register(registry);
    }

    /** Micrometer's Tomcat metric names, for the pools that exist when the application starts. */
    static void bindThreadPools(MeterRegistry registry, MBeanServer server) {
        Set<ObjectName> pools;
        try {
            pools = server.queryNames(new ObjectName("*:type=ThreadPool,name=*"), null);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot list Tomcat thread pools: " + e);
            return;
        }
        for (ObjectName pool : pools) {
            String quoted = pool.getKeyProperty("name");
            String name = quoted.startsWith("\"") ? ObjectName.unquote(quoted) : quoted;
            threadGauge(registry, server, pool, name, "tomcat.threads.busy", "currentThreadsBusy");
            threadGauge(registry, server, pool, name, "tomcat.threads.current", "currentThreadCount");
            threadGauge(registry, server, pool, name, "tomcat.threads.config.max", "maxThreads");
        }
    }

    private static void threadGauge(MeterRegistry registry, MBeanServer server, ObjectName pool, String name,
                                    String metric, String attribute) {
        Gauge.builder(metric, server, s -> attribute(s, pool, attribute))
                .description("Tomcat connector thread pool: " + attribute + ".")
                .baseUnit("threads")
                .tags("name", name)
                .register(registry);
    }

    private static double attribute(MBeanServer server, ObjectName pool, String attribute) {
        try {
            return server.getAttribute(pool, attribute) instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (JMException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        gc.close();
    }
}
