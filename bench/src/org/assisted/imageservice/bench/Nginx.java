package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's nginx serving a directory on 127.0.0.1 with sendfile, as a reference static file server. */
final class Nginx implements AutoCloseable {

    private final Process process;

    private Nginx(Process process) {
        this.process = process;
    }

    static Nginx start(Path prefix, Path root, int port) throws IOException {
        Files.createDirectories(prefix.resolve("logs"));
        String conf = String.join("\n",
                "worker_processes auto;",
                "error_log " + prefix.resolve("logs/error.log") + " warn;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "events { worker_connections 2048; }",
                "http {",
                "  access_log off;",
                "  sendfile on;",
                "  tcp_nopush off;",
                "  keepalive_requests 100000;",
                "  default_type application/octet-stream;",
                "  client_body_temp_path " + prefix.resolve("client_body") + ";",
                "  proxy_temp_path " + prefix.resolve("proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    root " + root + ";",
                "  }",
                "}", "");
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process process = new ProcessBuilder(List.of("nginx", "-c", file.toString(), "-p", prefix.toString(),
                "-g", "daemon off;")).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        Tomcat.awaitPort(port, process, 30);
        return new Nginx(process);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
