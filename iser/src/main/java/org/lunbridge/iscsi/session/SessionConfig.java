package org.lunbridge.iscsi.session;

/**
 * Session tunables, unit-named. Defaults follow open-iscsi ({@code node.conn[0].timeo.noop_out_interval = 5},
 * {@code noop_out_timeout = 5}, {@code logout_timeout = 15}).
 *
 * @param nopIntervalMillis     ping after this much receive silence
 * @param nopTimeoutMillis      an unanswered ping this old means the connection is dead
 * @param tmfTimeoutMillis      a TMF unanswered this long fails the connection (the target is stuck)
 * @param logoutTimeoutMillis   wait this long for the Logout Response before closing anyway
 * @param maxQueuedCommands     commands waiting for the CmdSN window before submitters block
 * @param tickMillis            period of the timer thread; 0 = no timer (tests call {@link IscsiSession#tick()})
 * @param loginTimeoutMillis    bound of the whole login (open-iscsi {@code login_timeout = 15})
 */
public record SessionConfig(long nopIntervalMillis, long nopTimeoutMillis, long tmfTimeoutMillis,
                            long logoutTimeoutMillis, int maxQueuedCommands, long tickMillis,
                            long loginTimeoutMillis) {

    public SessionConfig {
        if (nopIntervalMillis <= 0 || nopTimeoutMillis <= 0 || tmfTimeoutMillis <= 0 || logoutTimeoutMillis <= 0
                || maxQueuedCommands <= 0 || tickMillis < 0 || loginTimeoutMillis <= 0) {
            throw new IllegalArgumentException("session timeouts and queue size must be positive");
        }
    }

    public static SessionConfig defaults() {
        return new SessionConfig(5000, 5000, 30000, 15000, 1024, 500, 15000);
    }

    public SessionConfig withNop(long intervalMillis, long timeoutMillis) {
        return new SessionConfig(intervalMillis, timeoutMillis, tmfTimeoutMillis, logoutTimeoutMillis,
                maxQueuedCommands, tickMillis, loginTimeoutMillis);
    }

    public SessionConfig withMaxQueuedCommands(int n) {
        return new SessionConfig(nopIntervalMillis, nopTimeoutMillis, tmfTimeoutMillis, logoutTimeoutMillis, n,
                tickMillis, loginTimeoutMillis);
    }

    public SessionConfig withTickMillis(long millis) {
        return new SessionConfig(nopIntervalMillis, nopTimeoutMillis, tmfTimeoutMillis, logoutTimeoutMillis,
                maxQueuedCommands, millis, loginTimeoutMillis);
    }

    public SessionConfig withTmfTimeoutMillis(long millis) {
        return new SessionConfig(nopIntervalMillis, nopTimeoutMillis, millis, logoutTimeoutMillis,
                maxQueuedCommands, tickMillis, loginTimeoutMillis);
    }

    public SessionConfig withLoginTimeoutMillis(long millis) {
        return new SessionConfig(nopIntervalMillis, nopTimeoutMillis, tmfTimeoutMillis, logoutTimeoutMillis,
                maxQueuedCommands, tickMillis, millis);
    }
}
