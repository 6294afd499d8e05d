package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.transport.rdma.IserConnState.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IserConnStateTest {
    private static final Map<IserConnState, Set<IserConnState>> ALLOWED = Map.of(
            INIT, EnumSet.of(PENDING, TERMINATING),
            PENDING, EnumSet.of(UP, TERMINATING),
            UP, EnumSet.of(TERMINATING),
            TERMINATING, EnumSet.of(DOWN),
            DOWN, EnumSet.noneOf(IserConnState.class));

    @Test
    void givenEveryPair_whenTransitionChecked_thenOnlyTableEntriesPass() {
        for (IserConnState from : IserConnState.values()) {
            for (IserConnState to : IserConnState.values()) {
                if (ALLOWED.get(from).contains(to)) {
                    assertEquals(to, from.checkTransition(to));
                } else {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> from.checkTransition(to));
                    assertTrue(e.getMessage().startsWith("iSER connection state " + from + " -> " + to));
                }
            }
        }
    }
}
