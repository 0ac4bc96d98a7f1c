package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.testsupport.FakeAssistedService;

/** Closing the client must leave no thread behind when it returns: Tomcat checks for them right after. */
class AssistedServiceClientCloseTest {
    private static final String ID = "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d";

    @Test
    void closeReturnsOnlyAfterTheReactorThreadsEnded() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (FakeAssistedService fake = FakeAssistedService.start()) {
            fake.image(ID);
            AssistedServiceClient client = new AssistedServiceClient(
                    AssistedServiceClientTest.config(fake.baseUri(), Duration.ofSeconds(5)));
            client.fetch(FetchRequest.forIso(ID, Optional.empty(), ImageType.FULL_ISO));
            assertFalse(ours(before).isEmpty(), "the client runs reactor threads");
            client.close();
            assertEquals(List.of(), ours(before));
        }
    }

    private static List<String> ours(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive()
                        && t.getName().startsWith(AssistedHttpClients.IO_THREAD_PREFIX))
                .map(Thread::getName).toList();
    }
}
