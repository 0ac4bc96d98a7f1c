package org.assisted.imageservice.assisted;

import org.apache.hc.core5.concurrent.FutureCallback;

/** Reports one call's duration and outcome to the {@link AssistedCallListener} when its future completes. */
final class CallTiming implements FutureCallback<UpstreamResponse> {

    private final UpstreamCall call;
    private final long deadlineNanos;
    private final AssistedCallListener listener;
    private final long startNanos = System.nanoTime();

    /** @param deadlineNanos the fetch budget's end ({@link System#nanoTime()} scale): a later cancel is a timeout */
    CallTiming(UpstreamCall call, long deadlineNanos, AssistedCallListener listener) {
        this.call = call;
        this.deadlineNanos = deadlineNanos;
        this.listener = listener;
    }

    @Override
    public void completed(UpstreamResponse response) {
        report(CallOutcome.ofStatus(response.status()));
    }

    @Override
    public void failed(Exception e) {
        report(PendingCall.isTimeout(e) ? CallOutcome.TIMEOUT : CallOutcome.ERROR);
    }

    @Override
    public void cancelled() {
        report(System.nanoTime() - deadlineNanos >= 0 ? CallOutcome.TIMEOUT : CallOutcome.CANCELLED);
    }

    private void report(CallOutcome outcome) {
        listener.finished(call, outcome, System.nanoTime() - startNanos);
    }
}
