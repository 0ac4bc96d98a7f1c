package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Refuses a DATA_DIR the cleanup must not touch, because it removes whatever no instance wants: the root
 * directory, Tomcat's own directories, or a directory that is plainly not an image store. A directory is taken as
 * an image store when it is empty, holds the service's {@link DataDirLeases#META_DIR} (written on first use), or
 * holds only names the service or the upstream Go service write (ISOs, their lock, key and temporary files,
 * nmstate archives, upstream's transient rootfs copies), so a DATA_DIR written by upstream or by an older version
 * of this service keeps working.
 */
final class DataDirGuard {
    private static final Pattern OWN_NAME = Pattern.compile("\\.?rhcos-(full|minimal|disconnected)-iso-.+"
            + "|\\.?nmstatectl-.+|rootfs-.+\\.img|isoutil.*|nmstate|lost\\+found|" + Pattern.quote(StagedFiles.PREFIX) + ".+");
    private static final int SHOWN_NAMES = 3;

    private DataDirGuard() {
    }

    /** {@code /}, {@code catalina.base} and {@code catalina.home}: never a DATA_DIR. */
    static List<Path> serverDirectories() {
        List<Path> directories = new ArrayList<>(List.of(Path.of("/")));
        Stream.of("catalina.base", "catalina.home").map(System::getProperty).filter(p -> p != null && !p.isEmpty())
                .map(Path::of).forEach(directories::add);
        return directories;
    }

    /** @throws IllegalArgumentException naming DATA_DIR and why it is refused */
    static void check(Path dataDir, List<Path> serverDirectories) throws IOException {
        Path real = dataDir.toRealPath();
        for (Path server : serverDirectories) {
            if (Files.exists(server) && Files.isSameFile(real, server)) {
                throw new IllegalArgumentException("DATA_DIR " + dataDir + " is " + server
                        + ", which is not an image store; refusing to start, because the service deletes files it does"
                        + " not use from DATA_DIR");
            }
        }
        if (Files.exists(real.resolve(DataDirLeases.META_DIR))) {
            return;
        }
        List<String> foreign = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!OWN_NAME.matcher(name).matches()) {
                    foreign.add(name);
                }
            }
        }
        if (!foreign.isEmpty()) {
            foreign.sort(null);
            throw new IllegalArgumentException("DATA_DIR " + dataDir + " holds " + foreign.size()
                    + " entries that are not the service's own (e.g. " + String.join(", ",
                    foreign.subList(0, Math.min(SHOWN_NAMES, foreign.size()))) + ") and no " + DataDirLeases.META_DIR
                    + "; refusing to start, because the service deletes files it does not use from DATA_DIR: use an"
                    + " empty directory");
        }
    }
}
