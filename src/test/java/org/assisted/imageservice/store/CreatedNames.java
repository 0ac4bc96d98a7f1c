package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The names created in one directory, as inotify reports them: every file creation and every rename into the
 * directory, also of a file deleted right after it, so a name that existed for a moment cannot be missed.
 */
final class CreatedNames implements AutoCloseable {
    private static final long FIRST_EVENT_MILLIS = 1000;
    private static final long QUIET_MILLIS = 200;

    private final WatchService watcher;

    private CreatedNames(WatchService watcher) {
        this.watcher = watcher;
    }

    static CreatedNames watch(Path dir) throws IOException {
        WatchService watcher = dir.getFileSystem().newWatchService();
        try {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        return new CreatedNames(watcher);
    }

    /** @return the names created since the last call, in order, once no event came for a short while */
    List<Path> drain() throws InterruptedException {
        List<Path> names = new ArrayList<>();
        for (WatchKey key = watcher.poll(FIRST_EVENT_MILLIS, TimeUnit.MILLISECONDS); key != null;
             key = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) {
            key.pollEvents().forEach(event -> names.add((Path) event.context()));
            key.reset();
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
