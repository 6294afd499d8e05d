package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RdmaAvailabilityTest {
    private final FakeVerbs verbs = new FakeVerbs();

    @Test
    void givenNoDevice_whenChecked_thenTcpWithReason() {
        verbs.devices = 0;
        RdmaAvailability.Decision d = RdmaAvailability.check(() -> verbs, IserConnectorTest.PORTAL, 500);
        assertEquals(new RdmaAvailability.Decision("tcp", "no RDMA device (ibv_get_device_list returned 0 devices)"),
                d);
        assertEquals(List.of(), verbs.calls());
    }

    @Test
    void givenDeviceThatResolvesPortal_whenChecked_thenIserAndIdReleased() {
        RdmaAvailability.Decision d = RdmaAvailability.check(() -> verbs, IserConnectorTest.PORTAL, 500);
        assertTrue(d.iser(), d.toString());
        assertTrue(d.reason().contains("rdma_resolve_addr(/127.0.0.1:3260) succeeded"), d.reason());
        assertEquals(List.of(), verbs.liveHandles());
    }

    @Test
    void givenAddrError_whenChecked_thenTcpNamingTheEvent() {
        verbs.addrAnswer = RDMA_CM_EVENT_ADDR_ERROR;
        RdmaAvailability.Decision d = RdmaAvailability.check(() -> verbs, IserConnectorTest.PORTAL, 500);
        assertFalse(d.iser());
        assertTrue(d.reason().contains("RDMA_CM_EVENT_ADDR_ERROR"), d.reason());
        assertEquals(List.of(), verbs.liveHandles());
    }

    @Test
    void givenNoAnswer_whenChecked_thenTcpTimedOut() {
        verbs.addrAnswer = null;
        RdmaAvailability.Decision d = RdmaAvailability.check(() -> verbs, IserConnectorTest.PORTAL, 100);
        assertEquals("tcp", d.transport());
        assertTrue(d.reason().endsWith("timed out after 100 ms"), d.reason());
    }

    @Test
    void givenUnresolvedPortal_whenChecked_thenTcp() {
        RdmaAvailability.Decision d = RdmaAvailability.check(() -> verbs,
                InetSocketAddress.createUnresolved("x.invalid", 3260), 100);
        assertEquals("tcp", d.transport());
    }
}
