package org.assisted.imageservice.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The life of a server process an IT starts (Tomcat, squid): wait for its ports, stop it. */
final class ItProcesses {

    private ItProcesses() {
    }

    /**
     * Waits until every port accepts a loopback connection.
     *
     * @param why what the failure message adds (where the process's logs are), asked only on failure
     * @throws IOException when the process exits first or the timeout passes
     */
    static void awaitPorts(Process process, String name, Duration timeout, Supplier<String> why, int... ports)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with " + process.exitValue() + ": " + why.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not open port " + port + ": " + why.get());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Whether a loopback connection to the port is accepted within half a second. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the process has not ended within the timeout. */
    static void stop(Process process, Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
