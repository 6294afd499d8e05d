package org.lunbridge.iscsi.login;

import java.util.EnumSet;
import java.util.Set;

/**
 * Initiator login states (RFC 7143 §6.3, §8.1.3 state diagram reduced to what one login attempt sees). Every
 * move goes through {@link #checkTransition}; a test walks the whole table.
 */
public enum LoginState {
    /** Nothing sent yet. */
    INITIAL,
    /** CSG=0: AuthMethod and CHAP exchange (§6.3.1). */
    SECURITY_NEGOTIATION,
    /** CSG=1: operational keys (§6.3.2). */
    OPERATIONAL_NEGOTIATION,
    /** Login done; the connection carries SCSI (or SendTargets) from now on. Terminal. */
    FULL_FEATURE_PHASE,
    /** The attempt ended with an exception; the connection must be closed. Terminal. */
    FAILED;

    /** The states this one may move to. Security may go straight to full feature (§6.3: CSG=0, NSG=3). */
    public Set<LoginState> successors() {
        return switch (this) {
            case INITIAL -> EnumSet.of(SECURITY_NEGOTIATION, OPERATIONAL_NEGOTIATION, FAILED);
            case SECURITY_NEGOTIATION -> EnumSet.of(OPERATIONAL_NEGOTIATION, FULL_FEATURE_PHASE, FAILED);
            case OPERATIONAL_NEGOTIATION -> EnumSet.of(FULL_FEATURE_PHASE, FAILED);
            case FULL_FEATURE_PHASE, FAILED -> EnumSet.noneOf(LoginState.class);
        };
    }

    public boolean canMoveTo(LoginState next) {
        return successors().contains(next);
    }

    /** Throws if {@code next} is not a successor. */
    public void checkTransition(LoginState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("login state " + this + " -> " + next + " is not allowed");
        }
    }

    public boolean terminal() {
        return successors().isEmpty();
    }
}
