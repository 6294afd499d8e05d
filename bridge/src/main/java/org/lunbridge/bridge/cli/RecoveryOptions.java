package org.lunbridge.bridge.cli;

import java.math.BigDecimal;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import picocli.CommandLine.Option;

/**
 * The recovery options of {@code lunbridge serve} (a picocli mixin); every value in seconds, fractions allowed.
 * Defaults: {@link RecoveryConfig#defaults()} (open-iscsi's iscsid.conf values).
 */
final class RecoveryOptions {

    @Option(names = "--command-timeout", paramLabel = "SECONDS",
            description = "A SCSI command unanswered this long gets ABORT TASK (default: 30).")
    String commandTimeout;

    @Option(names = "--abort-timeout", paramLabel = "SECONDS",
            description = "ABORT TASK unanswered this long escalates to LOGICAL UNIT RESET (default: 15).")
    String abortTimeout;

    @Option(names = "--lun-reset-timeout", paramLabel = "SECONDS",
            description = "LOGICAL UNIT RESET unanswered this long drops the connection and reinstates the session "
                    + "(default: 30).")
    String lunResetTimeout;

    @Option(names = "--replacement-timeout", paramLabel = "SECONDS",
            description = "How long commands of a lost session wait for it to come back before failing with EIO; "
                    + "0 fails at once, -1 waits forever (default: 120).")
    String replacementTimeout;

    @Option(names = "--reconnect-delay-max", paramLabel = "SECONDS",
            description = "Cap of the reconnect back-off, which starts at 1 s and doubles (default: 30).")
    String reconnectDelayMax;

    /** Fills options not given on the command line from {@code file}. */
    void applyDefaults(ConfigFile file) {
        commandTimeout = commandTimeout != null ? commandTimeout : file.get("command-timeout").orElse(null);
        abortTimeout = abortTimeout != null ? abortTimeout : file.get("abort-timeout").orElse(null);
        lunResetTimeout = lunResetTimeout != null ? lunResetTimeout : file.get("lun-reset-timeout").orElse(null);
        replacementTimeout = replacementTimeout != null ? replacementTimeout
                : file.get("replacement-timeout").orElse(null);
        reconnectDelayMax = reconnectDelayMax != null ? reconnectDelayMax
                : file.get("reconnect-delay-max").orElse(null);
    }

    /** The policy; throws IllegalArgumentException with the option's name for a bad value. */
    RecoveryConfig config() {
        RecoveryConfig c = RecoveryConfig.defaults();
        if (commandTimeout != null) {
            c = c.withCommandTimeoutMillis(positive("--command-timeout", commandTimeout));
        }
        if (abortTimeout != null) {
            c = c.withAbortTimeoutMillis(positive("--abort-timeout", abortTimeout));
        }
        if (lunResetTimeout != null) {
            c = c.withLunResetTimeoutMillis(positive("--lun-reset-timeout", lunResetTimeout));
        }
        if (replacementTimeout != null) {
            long v = replacementTimeout.strip().equals("-1") ? RecoveryConfig.FOREVER
                    : millis("--replacement-timeout", replacementTimeout, 0);
            c = c.withReplacementTimeoutMillis(v);
        }
        if (reconnectDelayMax != null) {
            long max = positive("--reconnect-delay-max", reconnectDelayMax);
            c = c.withReconnectMillis(Math.min(c.reconnectInitialMillis(), max), max);
        }
        return c;
    }

    private static long positive(String option, String value) {
        return millis(option, value, 1);
    }

    private static long millis(String option, String value, long minMillis) {
        long ms;
        try {
            ms = new BigDecimal(value.strip()).movePointRight(3).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " " + value + " (expected: seconds, e.g. 30 or 0.5)");
        }
        if (ms < minMillis) {
            throw new IllegalArgumentException(option + " " + value + " (expected: "
                    + (minMillis == 0 ? ">= 0, or -1" : "> 0") + ")");
        }
        return ms;
    }
}
