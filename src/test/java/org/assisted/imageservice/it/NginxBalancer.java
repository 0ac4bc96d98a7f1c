package org.assisted.imageservice.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx (Debian package) as a round-robin reverse proxy on 127.0.0.1 in front of service instances, with the
 * settings docs/operations.md recommends for ISO downloads. Configuration, pid, logs and temp paths live in a
 * directory of the test; nginx runs in the foreground as a child process.
 */
final class NginxBalancer implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Path dir;
    private final int port;
    private final Process process;

    private NginxBalancer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static NginxBalancer start(Path dir, int port, List<Integer> upstreamPorts) throws IOException {
        Path nginx = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("nginx is not installed (Debian: apt-get install nginx-light)"));
        Files.createDirectories(dir.resolve("logs"));
        Path conf = Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreamPorts));
        Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/console.log").toFile()).start();
        return new NginxBalancer(dir, port, process);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + path);
    }

    /** @return the upstream address ({@code 127.0.0.1:<port>}) of each proxied request, in order */
    List<String> upstreams() throws IOException {
        return Files.readAllLines(dir.resolve("logs/access.log")).stream()
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String config(Path dir, int port, List<Integer> upstreamPorts) {
        String servers = upstreamPorts.stream().map(p -> "    server 127.0.0.1:" + p + ";\n").collect(Collectors.joining());
        return """
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                  log_format upstream '$request_method $status $upstream_addr';
                  access_log %1$s/logs/access.log upstream;
                  client_body_temp_path %1$s/client_body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream imageservice {
                %2$s  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://imageservice;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $host;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_buffering off;
                      proxy_request_buffering off;
                      proxy_read_timeout 600s;
                      proxy_send_timeout 600s;
                    }
                  }
                }
                """.formatted(dir, servers, port);
    }
}
