package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lunbridge.nbd.server.HandshakeState.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandshakeStateTest {
    /** The table, written out independently of the enum's switch. */
    private static final Map<HandshakeState, Set<HandshakeState>> LEGAL = Map.of(
            AWAITING_CLIENT_FLAGS, EnumSet.of(HAGGLING, CLOSED),
            HAGGLING, EnumSet.of(HAGGLING, TLS_HANDSHAKE, TRANSMISSION, CLOSED),
            TLS_HANDSHAKE, EnumSet.of(HAGGLING, CLOSED),
            TRANSMISSION, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(HandshakeState.class));

    @Test
    void givenEveryPair_whenTransitioned_thenOnlyTableEntriesAllowed() {
        for (HandshakeState from : values()) {
            for (HandshakeState to : values()) {
                if (LEGAL.get(from).contains(to)) {
                    assertEquals(to, from.transitionTo(to), from + " -> " + to);
                } else {
                    assertThrows(IllegalStateException.class, () -> from.transitionTo(to), from + " -> " + to);
                }
            }
        }
    }
}
