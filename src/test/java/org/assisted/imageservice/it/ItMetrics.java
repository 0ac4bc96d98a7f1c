package org.assisted.imageservice.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment's {@code /metrics} in Prometheus text format, read one family at a time. */
final class ItMetrics {

    private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    /** @param base the deployment's root URL, ending with {@code /} */
    ItMetrics(URL base) {
        this.metrics = URI.create(base + "metrics");
    }

    String scrape() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum over every series of {@code name} (whatever their labels); 0 before the first observation. */
    double value(String name) throws IOException, InterruptedException {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape());
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    /** Polls until {@link #value} satisfies {@code condition}; fails after 30 s naming the last value. */
    void await(String name, DoublePredicate condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + AWAIT_TIMEOUT.toNanos();
        double value = value(name);
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed at " + value);
            }
            Thread.sleep(POLL_MILLIS);
            value = value(name);
        }
    }
}
