package org.assisted.imageservice.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method whose point is the comparison with an independent tool (xorriso or isoinfo reading
 * an image we wrote, cpio, gzip or 7z reading our archives, mksquashfs or mkfs.erofs writing images our readers
 * must read). Such tests start external processes; the tag {@code oracle} lets a quick local run leave them out
 * ({@code mvn test -DexcludedGroups=oracle}); the full suite ({@code scripts/test.sh}) runs them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("oracle")
public @interface OracleTest {
}
