package org.lunbridge.bridge.recovery;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of one pool slot's session as recovery sees it (the session's own {@code ConnectionState} ends at
 * DOWN; a slot lives on through reinstatements).
 *
 * <pre>
 * UP          --connection lost (EOF, reset, NOP timeout, digest error, async drop)--> DOWN
 * UP          --escalation failed: drop the connection--------------------------------> TERMINATING
 * TERMINATING --old session's tasks all failed----------------------------------------> DOWN
 * DOWN        --back-off over: log in again (same ISID, TSIH 0 = reinstatement)-------> RECOVERING
 * RECOVERING  --logged in, LUN identity (VPD 83h) unchanged: replay-------------------> UP
 * RECOVERING  --login failed-----------------------------------------------------------> DOWN
 * RECOVERING  --a different LUN answered-----------------------------------------------> FENCED
 * any         --close--------------------------------------------------------------------> CLOSED
 * </pre>
 */
public enum SlotState {
    UP, TERMINATING, DOWN, RECOVERING, FENCED, CLOSED;

    public Set<SlotState> successors() {
        return switch (this) {
            case UP -> EnumSet.of(DOWN, TERMINATING, CLOSED);
            case TERMINATING -> EnumSet.of(DOWN, CLOSED);
            case DOWN -> EnumSet.of(RECOVERING, CLOSED);
            case RECOVERING -> EnumSet.of(UP, DOWN, FENCED, CLOSED);
            case FENCED -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(SlotState.class);
        };
    }

    /** Throws unless {@code next} is a legal successor. */
    public SlotState checkTransition(SlotState next) {
        if (!successors().contains(next)) {
            throw new IllegalStateException("slot state " + this + " -> " + next + " (expected one of "
                    + successors() + ")");
        }
        return next;
    }
}
