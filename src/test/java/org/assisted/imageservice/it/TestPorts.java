package org.assisted.imageservice.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Ports of the standalone Tomcats and the test proxy, derived from the Arquillian HTTP port so that parallel builds
 * do not clash.
 */
final class TestPorts {

    private static final int HTTPS_OFFSET = 5;
    private static final int HTTP_OFFSET = 6;
    /** Below the JMX (+9) and fleet (+10…) ports of the default configuration. */
    private static final int PROXY_OFFSET = 7;
    private static final int PROBE_OFFSET = 8;

    private TestPorts() {
    }

    static int https() {
        return Integer.getInteger("it.http.port") + HTTPS_OFFSET;
    }

    static int http() {
        return Integer.getInteger("it.http.port") + HTTP_OFFSET;
    }

    /** The probe connector's port (PROBE_LISTEN_PORT) of a standalone Tomcat. */
    static int probe() {
        return Integer.getInteger("it.http.port") + PROBE_OFFSET;
    }

    /** A forward proxy's port ({@link ProxyIT}). */
    static int proxy() {
        return Integer.getInteger("it.http.port") + PROXY_OFFSET;
    }

    /** Waits until the application answers {@code /live} (the connector may accept before the WAR is deployed). */
    static void awaitLive(HttpClient client, String baseUrl) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                int status = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/live"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the application did not answer /live at " + baseUrl);
            }
            Thread.sleep(200);
        }
    }
}
