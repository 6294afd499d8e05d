package org.lunbridge.nbd.server;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a connection is in the fixed newstyle handshake (proto.md "Handshake"). {@link #transitionTo} refuses
 * illegal moves, as libnbd's generated state machine does.
 */
enum HandshakeState {
    /** Greeting (NBDMAGIC, IHAVEOPT, handshake flags) sent; waiting for the 32-bit client flags. */
    AWAITING_CLIENT_FLAGS,
    /** Reading options and answering them, one at a time. */
    HAGGLING,
    /**
     * NBD_OPT_STARTTLS acknowledged; the stream is being wrapped. Entered only once a TLS layer is installed (today
     * STARTTLS is refused with NBD_REP_ERR_POLICY); back to HAGGLING with every negotiated option forgotten.
     */
    TLS_HANDSHAKE,
    /** NBD_OPT_GO acknowledged or NBD_OPT_EXPORT_NAME answered: requests flow. */
    TRANSMISSION,
    /** Terminal: aborted, failed, disconnected. */
    CLOSED;

    private Set<HandshakeState> next() {
        return switch (this) {
            case AWAITING_CLIENT_FLAGS -> EnumSet.of(HAGGLING, CLOSED);
            case HAGGLING -> EnumSet.of(HAGGLING, TLS_HANDSHAKE, TRANSMISSION, CLOSED);
            case TLS_HANDSHAKE -> EnumSet.of(HAGGLING, CLOSED);
            case TRANSMISSION -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(HandshakeState.class);
        };
    }

    boolean canTransitionTo(HandshakeState target) {
        return next().contains(target);
    }

    /** Returns {@code target}, or throws if the move is illegal. */
    HandshakeState transitionTo(HandshakeState target) {
        if (!canTransitionTo(target)) {
            throw new IllegalStateException("handshake state: " + this + " -> " + target + " (expected: one of "
                    + next() + ")");
        }
        return target;
    }
}
