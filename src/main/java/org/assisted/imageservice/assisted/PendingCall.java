package org.assisted.imageservice.assisted;

import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.http.HttpException;

/** One in-flight call and the translation of its failure into an {@link UpstreamException}. */
final class PendingCall {

    private final UpstreamCall call;
    private final String redactedUrl;
    private final Future<UpstreamResponse> future;

    PendingCall(UpstreamCall call, String redactedUrl, Future<UpstreamResponse> future) {
        this.call = call;
        this.redactedUrl = redactedUrl;
        this.future = future;
    }

    UpstreamCall call() {
        return call;
    }

    /** Waits until {@code deadlineNanos} ({@link System#nanoTime()} scale) at the latest. */
    UpstreamResponse await(long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamTimeoutException(call, describe() + " did not complete in time", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException(call, describe() + " was interrupted", e);
        } catch (CancellationException e) {
            throw new UpstreamUnavailableException(call, describe() + " was cancelled", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    void cancel() {
        future.cancel(true);
    }

    UpstreamStatusException status(int status) {
        return new UpstreamStatusException(call, status, redactedUrl);
    }

    UpstreamResponseException badResponse(String problem) {
        return new UpstreamResponseException(call, describe() + ": " + problem, null);
    }

    private UpstreamException failure(Throwable cause) {
        String detail = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof BodyTooLargeException) {
            return badResponse(cause.getMessage());
        }
        if (isTimeout(cause)) {
            return new UpstreamTimeoutException(call, describe() + " timed out: " + detail, cause);
        }
        if (cause instanceof HttpException) {
            // protocol and redirect errors may quote a Location that carries the api_key; keep only the redacted text
            return badResponse(detail);
        }
        return new UpstreamUnavailableException(call, describe() + " failed: " + detail, cause);
    }

    static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private String describe() {
        return call.label() + " request to " + redactedUrl;
    }
}
