package org.assisted.imageservice.bench;

import java.util.Base64;
import java.util.SplittableRandom;

/** A discovery ignition of realistic size: about 96 KiB of JSON, mostly base64 file contents (certificates, scripts). */
final class Ignitions {

    private static final int PAYLOAD_BYTES = 72 * 1024;

    private Ignitions() {
    }

    static String realistic() {
        byte[] payload = new byte[PAYLOAD_BYTES];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) random.nextInt(256);
        }
        return "{\"ignition\":{\"version\":\"3.2.0\"},\"storage\":{\"files\":[{\"path\":\"/etc/assisted/bench\","
                + "\"mode\":420,\"contents\":{\"source\":\"data:;base64," + Base64.getEncoder().encodeToString(payload)
                + "\"}}]}}";
    }
}
