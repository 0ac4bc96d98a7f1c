package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code scripts/run-local.sh} runs next to the real Tomcat: writes a small x86_64 RHCOS-layout ISO with the
 * project's own ISO writer (no xorriso, no download), then serves a stand-in assisted-service on 127.0.0.1 that
 * answers every image ID with a sample discovery ignition and one extra kernel argument. Runs until the JVM is
 * stopped (SIGTERM or SIGINT), then closes the stand-in.
 *
 * <pre>
 * DemoEnvironment &lt;stand-in port&gt; &lt;iso path&gt; &lt;volume id&gt; &lt;kernel bytes&gt; &lt;rootfs bytes&gt;
 * </pre>
 *
 * Prints {@value #READY_LINE} on a line of its own once the ISO exists and the stand-in listens.
 */
public final class DemoEnvironment {

    public static final String READY_LINE = "DEMO ENVIRONMENT READY";
    /** The boot-time argument every served ISO gains (visible in its grub.cfg and isolinux.cfg). */
    public static final String DEMO_KERNEL_ARGUMENT = "assisted.demo=1";

    private static final long INITRD_BYTES = 1024 * 1024;
    private static final String SAMPLE_IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"},"
            + "\"storage\":{\"files\":[{\"path\":\"/etc/motd\",\"mode\":420,"
            + "\"contents\":{\"source\":\"data:,Discovery%20ISO%20from%20the%20local%20demo%0A\"}}]}}";

    private DemoEnvironment() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: DemoEnvironment <stand-in port> <iso path> <volume id> <kernel bytes> <rootfs bytes>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path iso = Path.of(args[1]);
        TestIsos spec = TestIsos.x86_64(args[2]).kernelSize(Long.parseLong(args[3])).initrdSize(INITRD_BYTES)
                .rootfsSize(Long.parseLong(args[4]));
        Files.createDirectories(iso.toAbsolutePath().getParent());
        spec.writeTo(iso);
        System.out.println("Sample ISO " + iso + " (" + Files.size(iso) + " bytes, volume " + spec.volumeId() + ")");

        FakeAssistedService standIn = FakeAssistedService.start(port).answerEveryImage(image -> image
                .ignition(SAMPLE_IGNITION)
                .kernelArguments("[{\"operation\":\"append\",\"value\":\"" + DEMO_KERNEL_ARGUMENT + "\"}]"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Stand-in assisted-service on " + standIn.baseUri() + " answers every image id");
        System.out.println(READY_LINE);
        stopped.await();
    }
}
