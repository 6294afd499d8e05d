package org.lunbridge.iscsi.session;

import org.lunbridge.iscsi.pdu.NopOut;

/**
 * The session's periodic work, run by its timer thread or by tests on a fake clock: NOP-Out keep-alive and its
 * timeout (RFC 7143 §11.18; cf. Linux libiscsi {@code iscsi_check_transport_timeouts}), the TMF timeout, the
 * deadline of a target's logout request (§11.9.1) and the logout timeout.
 */
final class SessionTimer {

    private SessionTimer() {
    }

    /** One tick; failures found here end the connection after the lock is released. */
    static void tick(IscsiSession s) {
        ConnectionLostException.Reason failure = null;
        String message = null;
        synchronized (s.lock) {
            if (s.state == ConnectionState.DOWN) {
                return;
            }
            long now = s.nanoClock.getAsLong();
            switch (s.nop.tick(now)) {
                case SEND_PING -> {
                    int itt = s.tasks.allocate(s.nop);
                    s.nop.pingSent(itt, now);
                    // §11.18: a ping the target answers; immediate so it does not wait for (or take) a CmdSN.
                    s.writer.enqueue(NopOut.ping(itt, s.window.peek(), s.expStatSn, null));
                    s.stats.nopOutPdus.incrementAndGet();
                }
                case TIMED_OUT -> {
                    s.stats.nopTimeouts.incrementAndGet();
                    s.transport.countNopTimeout();
                    failure = ConnectionLostException.Reason.NOP_TIMEOUT;
                    message = "no NOP-In answer from " + s.transport.peer() + " within "
                            + s.config.nopTimeoutMillis() + " ms";
                }
                case NONE -> { }
            }
            if (failure == null && s.tmf.timedOut(now)) {
                s.stats.tmfTimeouts.incrementAndGet();
                s.transport.countTimeout();
                failure = ConnectionLostException.Reason.TMF_TIMEOUT;
                message = "no task management response from " + s.transport.peer() + " within "
                        + s.config.tmfTimeoutMillis() + " ms";
            }
            if (failure == null && s.logoutRequested && s.state == ConnectionState.UP
                    && now - s.logoutRequestedDeadlineNanos >= 0) {
                s.defer(s::logout);
            }
            if (failure == null && s.logout.timedOut(now)) {
                failure = ConnectionLostException.Reason.CLOSED;
                message = "no Logout Response from " + s.transport.peer() + " within "
                        + s.config.logoutTimeoutMillis() + " ms";
            }
        }
        s.runDeferred();
        if (failure != null) {
            s.connectionLost(failure, message, null);
        }
    }

}
