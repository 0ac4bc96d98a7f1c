package org.assisted.imageservice.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the mapper logs for each {@link ApiError} (the answers are {@link ExceptionMappersTest}'s): one warning naming
 * the request for a failed assisted-service call on every route and for an image that cannot carry the request's
 * content, a debug line for a refused request, nothing for an unknown or not-ready image. Outside a request the id is
 * {@code -}.
 */
class ApiExceptionMapperTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(ApiExceptionMapper.class.getName());
    private Level level;

    @BeforeEach
    void captureEverything() {
        level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(level);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "text            | FINE    | request - refused with 418: short and stout",
        "raw-text        | FINE    | request - refused with 400: raw text",
        "text-upstream   | WARNING | request -: assisted-service minimal-initrd failed, answering 504: late",
        "upstream-status | WARNING | request -: assisted-service ignition failed, answering 403: ignition request to "
                + "http://assisted/x?api_key=REDACTED returned status 403",
        "embed-area      | WARNING | request -: content length (300000) exceeds embed area size (262144) of the "
                + "ignition area in /images/ignition.img",
        "kargs           | WARNING | request -: this image does not support kernel arguments: no kargs.json",
        "unknown-image   | -       | -",
        "not-ready       | -       | -",
    })
    void eachErrorIsLoggedOnceAtItsLevelOrNotAtAll(String kind, String level, String message) {
        new ApiExceptionMapper().toResponse(new ApiException(ExceptionMappersTest.ThrowingResource.error(kind)));

        assertEquals(level == null ? List.of() : List.of(Level.parse(level) + " " + message),
                records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
    }
}
