package org.assisted.imageservice.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.assisted.imageservice.assisted.UpstreamCall;
import org.assisted.imageservice.assisted.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PXE routes answer assisted-service failures with text errors; they are logged like the ISO routes' ones. */
class TextErrorExceptionMapperTest {

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
    private final List<Logger> loggers = List.of(Logger.getLogger(UpstreamExceptionMapper.class.getName()),
            Logger.getLogger(TextErrorExceptionMapper.class.getName()));

    @BeforeEach
    void captureWarnings() {
        loggers.forEach(logger -> logger.addHandler(capture));
    }

    @AfterEach
    void release() {
        loggers.forEach(logger -> logger.removeHandler(capture));
    }

    @Test
    void aFailedAssistedServiceCallBehindTheTextIsOneWarningNamingRequestCallAndStatus() {
        UpstreamTimeoutException timeout = new UpstreamTimeoutException(UpstreamCall.MINIMAL_INITRD,
                "minimal-initrd request to http://a/x?api_key=REDACTED did not complete in time", null);

        Response response = new TextErrorExceptionMapper().toResponse(
                new TextErrorException(504, "error retrieving ramdisk content: " + timeout.getMessage(), timeout));

        assertEquals(504, response.getStatus());
        assertEquals("error retrieving ramdisk content: " + timeout.getMessage() + "\n", response.getEntity());
        assertEquals(List.of(Level.WARNING), records.stream().map(LogRecord::getLevel).toList());
        assertEquals("request -: assisted-service minimal-initrd failed, answering 504: " + timeout.getMessage(),
                records.get(0).getMessage());
    }

    @Test
    void aRefusedParameterIsNoWarning() {
        Response response = new TextErrorExceptionMapper().toResponse(
                new TextErrorException(400, "'version' parameter required for initrd download"));

        assertEquals(400, response.getStatus());
        assertEquals(List.of(), records.stream().map(LogRecord::getLevel)
                .filter(level -> level.intValue() >= Level.INFO.intValue()).toList());
    }
}
