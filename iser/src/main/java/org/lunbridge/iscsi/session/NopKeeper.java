package org.lunbridge.iscsi.session;

/**
 * Decides when to ping an idle connection and when an unanswered ping means it is dead (cf. Linux libiscsi
 * {@code iscsi_check_transport_timeouts}: ping after noop_out_interval of receive silence, fail after
 * noop_out_timeout). Pure over a nanosecond clock the caller passes in, so tests advance time without sleeping.
 * Guarded by the session lock.
 */
final class NopKeeper {

    enum Action { NONE, SEND_PING, TIMED_OUT }

    private final long intervalNanos;
    private final long timeoutNanos;
    private long lastReceiveNanos;
    /** ITT of the outstanding ping, or -1 when none is outstanding (the tag space never uses -1). */
    private int pingItt = -1;
    private long pingSentNanos;

    NopKeeper(long intervalNanos, long timeoutNanos, long nowNanos) {
        if (intervalNanos <= 0 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("NOP interval and timeout must be positive");
        }
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.lastReceiveNanos = nowNanos;
    }

    /** Any PDU from the target proves the connection alive. */
    void onReceive(long nowNanos) {
        lastReceiveNanos = nowNanos;
    }

    Action tick(long nowNanos) {
        if (pingItt != -1) {
            return nowNanos - pingSentNanos >= timeoutNanos ? Action.TIMED_OUT : Action.NONE;
        }
        return nowNanos - lastReceiveNanos >= intervalNanos ? Action.SEND_PING : Action.NONE;
    }

    void pingSent(int itt, long nowNanos) {
        pingItt = itt;
        pingSentNanos = nowNanos;
    }

    /** @return whether {@code itt} was our outstanding ping */
    boolean onPingAnswer(int itt) {
        if (itt != pingItt || itt == -1) {
            return false;
        }
        pingItt = -1;
        return true;
    }

    boolean pingOutstanding() {
        return pingItt != -1;
    }

    int pingItt() {
        return pingItt;
    }
}
