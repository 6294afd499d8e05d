package org.lunbridge.bridge.recovery;

/**
 * Every recovery tunable, unit-named. Defaults follow open-iscsi's iscsid.conf (abort 15 s, LU reset 30 s,
 * replacement 120 s) and the SCSI midlayer's 30 s command timer (anchors §2.5, §2.10).
 *
 * @param commandTimeoutMillis     a command unanswered this long gets ABORT TASK
 * @param abortTimeoutMillis       ABORT TASK unanswered this long escalates to LOGICAL UNIT RESET
 * @param lunResetTimeoutMillis    LOGICAL UNIT RESET unanswered this long drops the connection (then reinstatement)
 * @param replacementTimeoutMillis how long a lost session's commands wait for it to come back; 0 fails them at
 *                                 once, -1 waits forever (open-iscsi {@code replacement_timeout})
 * @param reconnectInitialMillis   first reconnect delay; doubles per failed attempt (with jitter)
 * @param reconnectMaxMillis       cap of the reconnect delay
 * @param unitAttentionRetries     UNIT ATTENTIONs absorbed per command (SAM-5 §5.14: the command did not run)
 * @param busyRetries              BUSY / TASK SET FULL / NOT READY-becoming-ready back-offs per command (qemu: 7)
 */
public record RecoveryConfig(long commandTimeoutMillis, long abortTimeoutMillis, long lunResetTimeoutMillis,
                             long replacementTimeoutMillis, long reconnectInitialMillis, long reconnectMaxMillis,
                             int unitAttentionRetries, int busyRetries) {

    /** {@link #replacementTimeoutMillis}: wait forever. */
    public static final long FOREVER = -1;

    public RecoveryConfig {
        positive("commandTimeoutMillis", commandTimeoutMillis);
        positive("abortTimeoutMillis", abortTimeoutMillis);
        positive("lunResetTimeoutMillis", lunResetTimeoutMillis);
        positive("reconnectInitialMillis", reconnectInitialMillis);
        if (reconnectMaxMillis < reconnectInitialMillis) {
            throw new IllegalArgumentException("reconnectMaxMillis: " + reconnectMaxMillis + " (expected: >= "
                    + reconnectInitialMillis + ")");
        }
        if (replacementTimeoutMillis < FOREVER) {
            throw new IllegalArgumentException("replacementTimeoutMillis: " + replacementTimeoutMillis
                    + " (expected: >= -1)");
        }
        if (unitAttentionRetries < 0 || busyRetries < 0) {
            throw new IllegalArgumentException("retries must be >= 0");
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    public static RecoveryConfig defaults() {
        return new RecoveryConfig(30_000, 15_000, 30_000, 120_000, 1_000, 30_000, 5, 7);
    }

    public RecoveryConfig withCommandTimeoutMillis(long v) {
        return new RecoveryConfig(v, abortTimeoutMillis, lunResetTimeoutMillis, replacementTimeoutMillis,
                reconnectInitialMillis, reconnectMaxMillis, unitAttentionRetries, busyRetries);
    }

    public RecoveryConfig withAbortTimeoutMillis(long v) {
        return new RecoveryConfig(commandTimeoutMillis, v, lunResetTimeoutMillis, replacementTimeoutMillis,
                reconnectInitialMillis, reconnectMaxMillis, unitAttentionRetries, busyRetries);
    }

    public RecoveryConfig withLunResetTimeoutMillis(long v) {
        return new RecoveryConfig(commandTimeoutMillis, abortTimeoutMillis, v, replacementTimeoutMillis,
                reconnectInitialMillis, reconnectMaxMillis, unitAttentionRetries, busyRetries);
    }

    public RecoveryConfig withReplacementTimeoutMillis(long v) {
        return new RecoveryConfig(commandTimeoutMillis, abortTimeoutMillis, lunResetTimeoutMillis, v,
                reconnectInitialMillis, reconnectMaxMillis, unitAttentionRetries, busyRetries);
    }

    public RecoveryConfig withReconnectMillis(long initial, long max) {
        return new RecoveryConfig(commandTimeoutMillis, abortTimeoutMillis, lunResetTimeoutMillis,
                replacementTimeoutMillis, initial, max, unitAttentionRetries, busyRetries);
    }
}
