package org.assisted.imageservice.it;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** The JVM of the Arquillian-managed Tomcat, seen through its JMX port: threads, open file descriptors, GC. */
final class TomcatJvm implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final MemoryMXBean memory;
    private final UnixOperatingSystemMXBean os;

    private TomcatJvm(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.os = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                UnixOperatingSystemMXBean.class);
    }

    static TomcatJvm connect(int jmxPort) throws IOException {
        return new TomcatJvm(JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi")));
    }

    /**
     * Read from the raw open data rather than through a {@code ThreadMXBean} proxy: the JDK's conversion to
     * {@code ThreadInfo} fails in a client JVM whose default locale is Turkish ("Unexpected composite type").
     */
    List<String> threadNames() {
        try {
            CompositeData[] dump = (CompositeData[]) server.invoke(new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
                    "dumpAllThreads", new Object[] {false, false}, new String[] {"boolean", "boolean"});
            return Arrays.stream(dump).filter(Objects::nonNull).map(info -> (String) info.get("threadName"))
                    .sorted().toList();
        } catch (JMException | IOException e) {
            throw new IllegalStateException("cannot list the threads of the Tomcat JVM", e);
        }
    }

    long openFileDescriptors() {
        return os.getOpenFileDescriptorCount();
    }

    void gc() {
        memory.gc();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
