package org.lunbridge.iscsi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TgtadmOutputTest {
    @Test
    void givenTwoSessions_whenConnectionsParsed_thenEachSidCidListed() {
        String output = """
                Session: 2
                    Connection: 0
                        Initiator: iqn.2008-11.org.linux-kvm
                        IP Address: 127.0.0.1
                Session: 7
                    Connection: 1
                        Initiator: iqn.2026-01.org.lunbridge:init
                        IP Address: 127.0.0.1
                """;

        List<TgtdConnection> connections = TgtadmOutput.connections(3, output);

        assertEquals(List.of(
                new TgtdConnection(3, 2, 0, "iqn.2008-11.org.linux-kvm", "127.0.0.1"),
                new TgtdConnection(3, 7, 1, "iqn.2026-01.org.lunbridge:init", "127.0.0.1")), connections);
    }

    @Test
    void givenNoConnections_whenParsed_thenEmpty() {
        assertEquals(List.of(), TgtadmOutput.connections(1, ""));
    }

    @Test
    void givenAddressWithoutSession_whenParsed_thenRejected() {
        assertThrows(IllegalStateException.class, () -> TgtadmOutput.connections(1, "IP Address: 127.0.0.1\n"));
    }
}
