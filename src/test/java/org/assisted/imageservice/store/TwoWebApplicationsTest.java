package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.testsupport.TestIsos;

/**
 * Two web applications in one JVM on one DATA_DIR (a parallel deployment in one Tomcat): each loads the service's
 * classes in its own class loader, so nothing static is shared, while the JVM's file-lock table is. Locks held by
 * one of them must make the other wait, never fail with {@link java.nio.channels.OverlappingFileLockException}.
 */
class TwoWebApplicationsTest {
    private static final String V = "418.94.202501221327-0";
    private static final String BASE_URL = "http://images.example.com";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration HELD = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aTemplateBeingBuiltInAnotherWebApplicationIsWaitedForAndBuiltOnce() throws Exception {
        Path iso = TestIsos.x86_64("rhcos-" + V).rootfsSize(70_000).kernelSize(20_000)
                .build(Files.createDirectory(dir.resolve("iso")));
        Path data = Files.createDirectory(dir.resolve("data"));
        Map<String, String> env = Map.of("ASSISTED_SERVICE_SCHEME", "http", "ASSISTED_SERVICE_HOST", "127.0.0.1:1",
                "DATA_DIR", data.toString(), "DATA_TEMP_DIR", Files.createDirectory(dir.resolve("temp")).toString(),
                "IMAGE_SERVICE_BASE_URL", BASE_URL, "MIN_ROOTFS_SIZE", "65536", "MIN_KERNEL_SIZE", "16384",
                "OS_IMAGES", "[{\"openshift_version\":\"4.18\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + iso.toUri() + "\",\"version\":\"" + V + "\"}]");
        Path template = templateName(env, data);

        List<String> states = new ArrayList<>();
        ImageFileLock held = ImageFileLock.tryAcquire(template).orElseThrow();
        try (WebApplication first = WebApplication.start(env); WebApplication second = WebApplication.start(env)) {
            await(() -> first.health().contains("state=building") && second.health().contains("state=building"));
            long until = System.nanoTime() + HELD.toNanos();
            while (System.nanoTime() < until) {
                states.add(first.health());
                states.add(second.health());
                Thread.sleep(20);
            }
            held.close();
            await(() -> {
                states.add(first.health());
                states.add(second.health());
                return first.health().startsWith("HealthReport[ready=true")
                        && second.health().startsWith("HealthReport[ready=true");
            });
            assertEquals(1, first.templateBuilds() + second.templateBuilds(), "built once, then reused by the other");
        }
        assertFalse(states.stream().anyMatch(s -> s.contains("state=failed")), states::toString);
        assertTrue(Files.isRegularFile(template));
    }

    /** Builds the template once, in a class loader of its own, to learn its content-addressed name, then removes it. */
    private static Path templateName(Map<String, String> env, Path data) throws Exception {
        try (WebApplication probe = WebApplication.start(env)) {
            await(() -> probe.health().startsWith("HealthReport[ready=true"));
        }
        Set<String> templates = new TreeSet<>();
        try (var files = Files.list(data)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("rhcos-minimal-iso-") && n.endsWith(".iso"))
                    .forEach(templates::add);
        }
        assertEquals(1, templates.size(), templates::toString);
        Path template = data.resolve(templates.iterator().next());
        Files.delete(template);
        return template;
    }

    /** An image store whose classes (and dependencies) come from a class loader of its own. */
    private static final class WebApplication implements Closeable {
        private final URLClassLoader loader;
        private final Object store;

        private WebApplication(URLClassLoader loader, Object store) {
            this.loader = loader;
            this.store = store;
        }

        static WebApplication start(Map<String, String> env) throws Exception {
            URLClassLoader loader = new URLClassLoader(mainClassPath(), ClassLoader.getPlatformClassLoader());
            Class<?> configClass = loader.loadClass("org.assisted.imageservice.config.ServiceConfig");
            assertFalse(configClass == org.assisted.imageservice.config.ServiceConfig.class);
            Object config = configClass.getMethod("fromEnvironment", Map.class).invoke(null, env);
            Object storeConfig = configClass.getMethod("store").invoke(config);
            Class<?> storeClass = loader.loadClass(ImageStore.class.getName());
            Object store = storeClass.getConstructor(storeConfig.getClass(), List.class).newInstance(storeConfig, List.of());
            storeClass.getMethod("start").invoke(store);
            return new WebApplication(loader, store);
        }

        String health() {
            return String.valueOf(call("health"));
        }

        int templateBuilds() {
            return (Integer) call("templateBuilds");
        }

        private Object call(String name) {
            try {
                Method method = store.getClass().getDeclaredMethod(name);
                method.setAccessible(true);
                return method.invoke(store);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            ((Closeable) store).close();
            loader.close();
        }

        /** The test's class path without the test classes: target/classes and the dependencies. */
        private static URL[] mainClassPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (!path.endsWith("test-classes")) {
                    urls.add(path.toUri().toURL());
                }
            }
            return urls.toArray(URL[]::new);
        }
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + WAIT);
            }
            Thread.sleep(10);
        }
    }
}
