package org.assisted.imageservice.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A native library can be bound to one class loader only. zstd-jni (squashfs root filesystems) must still work
 * after a reload, when a second web application class loader loads it while the first may not be collected yet:
 * two isolated loaders here stand for the web application before and after the reload.
 */
class ZstdNativeLibraryReloadTest {
    private static final byte[] TEXT = "nmstatectl ".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @Test
    void twoClassLoadersEachLoadTheNativeLibraryAndLeaveNoExtractedCopy() throws Exception {
        URL jar = Zstd.class.getProtectionDomain().getCodeSource().getLocation();
        long extractedBefore = extractedCopies();
        try (URLClassLoader before = isolated(jar); URLClassLoader after = isolated(jar)) {
            Class<?> first = before.loadClass(Zstd.class.getName());
            Class<?> second = after.loadClass(Zstd.class.getName());
            assertNotSame(first, second);
            assertArrayEquals(TEXT, roundTrip(first));
            assertArrayEquals(TEXT, roundTrip(second));
        }
        assertEquals(extractedBefore, extractedCopies(), "zstd-jni deletes its extracted library after loading it");
    }

    private static URLClassLoader isolated(URL jar) {
        return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    }

    private static byte[] roundTrip(Class<?> zstd) throws ReflectiveOperationException {
        Method compress = zstd.getMethod("compress", byte[].class, int.class);
        Method decompress = zstd.getMethod("decompress", byte[].class, int.class);
        byte[] frame = (byte[]) compress.invoke(null, TEXT, 3);
        return (byte[]) decompress.invoke(null, frame, TEXT.length);
    }

    private static long extractedCopies() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("libzstd-jni")).count();
        }
    }
}
