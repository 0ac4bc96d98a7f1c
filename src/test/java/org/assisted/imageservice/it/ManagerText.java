package org.assisted.imageservice.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Tomcat's Manager text interface ({@code /manager/text}) as a {@code manager-script} user. */
final class ManagerText {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI base;
    private final String authorization;

    ManagerText(HttpClient http, URI tomcat, String user, String password) {
        this.http = http;
        this.base = tomcat.resolve("/manager/text/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads {@code war} to {@code path}, replacing a deployed application. */
    String deploy(String path, Path war) throws IOException, InterruptedException {
        return ok(send("deploy?update=true&path=" + path, HttpRequest.BodyPublishers.ofFile(war)));
    }

    String reload(String path) throws IOException, InterruptedException {
        return ok(send("reload?path=" + path, null));
    }

    String undeploy(String path) throws IOException, InterruptedException {
        return ok(send("undeploy?path=" + path, null));
    }

    /** @return the context paths {@code findleaks} reports: stopped applications whose class loader is still reachable */
    List<String> findLeaks() throws IOException, InterruptedException {
        String body = ok(send("findleaks?statusLine=true", null));
        return body.lines().skip(1).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private String send(String command, HttpRequest.BodyPublisher upload) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(command)).timeout(TIMEOUT)
                .header("Authorization", authorization);
        if (upload != null) {
            request.header("Content-Type", "application/octet-stream").PUT(upload);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("manager " + command + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String ok(String body) {
        if (!body.startsWith("OK")) {
            throw new AssertionError("manager answered: " + body);
        }
        return body;
    }
}
