package org.lunbridge.iscsi.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of the session's connection (RFC 7143 §8.1.3 initiator state diagram, collapsed to what an ERL0
 * initiator with one connection needs).
 */
public enum ConnectionState {
    /** TCP connect in progress. */
    CONNECTING,
    /** Login phase (§6): only Login PDUs. */
    LOGGING_IN,
    /** Full feature phase (§6.3.6): commands flow. */
    UP,
    /** Logout sent or connection failing: no new commands, outstanding ones drain or fail. */
    TERMINATING,
    /** Closed; terminal. */
    DOWN;

    /** The states each state may move to. */
    public Set<ConnectionState> successors() {
        return switch (this) {
            case CONNECTING -> EnumSet.of(LOGGING_IN, DOWN);
            case LOGGING_IN -> EnumSet.of(UP, DOWN);
            case UP -> EnumSet.of(TERMINATING, DOWN);
            case TERMINATING -> EnumSet.of(DOWN);
            case DOWN -> EnumSet.noneOf(ConnectionState.class);
        };
    }

    /** Throws unless {@code next} is a legal successor. */
    public ConnectionState checkTransition(ConnectionState next) {
        if (!successors().contains(next)) {
            throw new IllegalStateException("connection state " + this + " -> " + next + " (expected one of "
                    + successors() + ")");
        }
        return next;
    }
}
