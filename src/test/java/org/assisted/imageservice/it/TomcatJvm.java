package org.assisted.imageservice.it;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** The JVM of the Arquillian-managed Tomcat, seen through its JMX port: threads, open file descriptors, GC. */
final class TomcatJvm implements AutoCloseable {
    private final JMXConnector connector;
    private final ThreadMXBean threads;
    private final MemoryMXBean memory;
    private final UnixOperatingSystemMXBean os;

    private TomcatJvm(JMXConnector connector) throws IOException {
        this.connector = connector;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        this.threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.os = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                UnixOperatingSystemMXBean.class);
    }

    static TomcatJvm connect(int jmxPort) throws IOException {
        return new TomcatJvm(JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi")));
    }

    List<String> threadNames() {
        return Arrays.stream(threads.dumpAllThreads(false, false)).filter(Objects::nonNull)
                .map(ThreadInfo::getThreadName).sorted().toList();
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
