package org.assisted.imageservice.assisted;

import java.util.Optional;

/**
 * What assisted-service contributes to a discovery image.
 *
 * @param ignition        always present
 * @param ramdisk         the minimal-initrd body; empty when not requested or answered 204; present (maybe
 *                        zero-length) on any other 2xx
 * @param kernelArguments rendered kernel arguments ({@code " a b\n"}); empty when not requested or when the
 *                        InfraEnv has none
 */
public record DiscoveryInputs(Ignition ignition, Optional<byte[]> ramdisk, Optional<byte[]> kernelArguments) {

    @Override
    public String toString() {
        return "DiscoveryInputs[" + ignition + ", ramdisk=" + ramdisk.map(r -> r.length + " bytes").orElse("none")
                + ", kernelArguments=" + kernelArguments.map(k -> k.length + " bytes").orElse("none") + "]";
    }
}
