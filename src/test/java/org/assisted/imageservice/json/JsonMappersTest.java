package org.assisted.imageservice.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every factory and mapper pools its buffers itself, never in Jackson's per-thread default pool, and no main class
 * outside this package builds one, so that no JSON call can leave buffers in Tomcat's threads.
 */
class JsonMappersTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Pattern JACKSON_BUILDERS = Pattern.compile(
            "JsonFactory\\.builder\\(|new JsonFactory(Builder)?\\(|new ObjectMapper\\(|JsonMapper\\.builder\\(");

    @Test
    void factoriesPoolTheirBuffersThemselves() {
        JsonFactory first = JsonMappers.factoryBuilder().build();
        JsonFactory second = JsonMappers.mapperBuilder().build().getFactory();

        assertInstanceOf(JsonRecyclerPools.ConcurrentDequePool.class, first._getRecyclerPool());
        assertInstanceOf(JsonRecyclerPools.ConcurrentDequePool.class, second._getRecyclerPool());
        assertNotSame(first._getRecyclerPool(), second._getRecyclerPool());
        assertNotSame(JsonRecyclerPools.defaultPool(), first._getRecyclerPool());
    }

    @Test
    void noOtherMainClassBuildsAJacksonFactoryOrMapper() throws IOException {
        Path home = MAIN_SOURCES.resolve(Path.of("org", "assisted", "imageservice", "json"));
        List<Path> builders;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            builders = files.filter(file -> file.toString().endsWith(".java") && !file.startsWith(home))
                    .filter(JsonMappersTest::buildsJackson).toList();
        }
        assertEquals(List.of(), builders);
    }

    private static boolean buildsJackson(Path file) {
        try {
            return JACKSON_BUILDERS.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
