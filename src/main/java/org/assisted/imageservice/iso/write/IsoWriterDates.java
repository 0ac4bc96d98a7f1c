package org.assisted.imageservice.iso.write;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Volume dates of the primary volume descriptor (ECMA-119 §8.4.26–8.4.29), recorded with their UTC offset in
 * 15-minute units. Take them from the base image, never from the clock, so that output is reproducible.
 *
 * @param created   volume creation date
 * @param modified  volume modification date
 * @param expires   expiration date, {@code null} = not specified
 * @param effective effective date, {@code null} = not specified
 */
public record IsoWriterDates(OffsetDateTime created, OffsetDateTime modified, OffsetDateTime expires,
                             OffsetDateTime effective) {

    public IsoWriterDates {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
    }

    /** Creation = modification = {@code date}, no expiration or effective date. */
    public static IsoWriterDates of(OffsetDateTime date) {
        return new IsoWriterDates(date, date, null, null);
    }
}
