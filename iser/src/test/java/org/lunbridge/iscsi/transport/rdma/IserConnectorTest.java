package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.net.InetSocketAddress;
import java.util.List;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.TransportOptions;
import org.junit.jupiter.api.Test;

class IserConnectorTest {
    static final InetSocketAddress PORTAL = new InetSocketAddress("127.0.0.1", 3260);
    static final IserOptions SMALL = IserOptions.defaults().withQueueDepths(8, 8).withPool(64 * 1024, 4);

    private final FakeVerbs verbs = new FakeVerbs();
    private final IserConnector connector = new IserConnector(() -> verbs, SMALL);

    private ConnectResult connect(long timeoutMillis) throws InterruptedException {
        return connector.connect(PORTAL, TransportOptions.defaults().withConnectTimeoutMillis(timeoutMillis));
    }

    @Test
    void givenTargetAccepts_whenConnecting_thenConnectedWithIserPrivateDataAndReceivesPosted() throws Exception {
        ConnectResult result = connect(2000);
        ConnectResult.Connected connected = assertInstanceOf(ConnectResult.Connected.class, result);
        try (IserTransport transport = (IserTransport) connected.transport()) {
            assertEquals(IserConnState.UP, transport.connectionState());
            assertTrue(transport.caps().rdmaDataMovement());
            assertFalse(transport.caps().headerDigest());
            assertArrayEquals(new byte[] {(byte) 0xc0, 0, 0, 0}, verbs.connectParameters.privateData());
            assertEquals(4, verbs.connectParameters.responderResources());
            assertEquals(7, verbs.connectParameters.retryCount());
            assertEquals(6, verbs.connectParameters.rnrRetryCount());
            assertEquals(new Verbs.QpCapacity(8, 8, 2, 1), verbs.qpCapacity);
            assertEquals(8, verbs.postedReceives(), "every RX descriptor posted before rdma_connect");
        }
        assertEquals(List.of(), verbs.violations());
        assertEquals(List.of(), verbs.liveHandles());
    }

    @Test
    void givenAddrError_whenConnecting_thenUnreachableWithCmEventAndNothingLeaks() throws Exception {
        verbs.addrAnswer = RDMA_CM_EVENT_ADDR_ERROR;
        ConnectResult.Unreachable result = assertInstanceOf(ConnectResult.Unreachable.class, connect(2000));
        RdmaCmException cause = assertInstanceOf(RdmaCmException.class, result.cause());
        assertEquals(RDMA_CM_EVENT_ADDR_ERROR, cause.event());
        assertTrue(cause.getMessage().contains("RDMA_CM_EVENT_ADDR_ERROR"), cause.getMessage());
        assertEquals(List.of(), verbs.liveHandles());
        assertEquals(List.of(), verbs.violations());
    }

    @Test
    void givenRouteErrorOrUnreachable_whenConnecting_thenUnreachable() throws Exception {
        verbs.routeAnswer = RDMA_CM_EVENT_ROUTE_ERROR;
        assertInstanceOf(ConnectResult.Unreachable.class, connect(2000));
        FakeVerbs other = new FakeVerbs();
        other.connectAnswer = RDMA_CM_EVENT_UNREACHABLE;
        ConnectResult r = new IserConnector(() -> other, SMALL).connect(PORTAL, TransportOptions.defaults());
        assertEquals(RDMA_CM_EVENT_UNREACHABLE,
                ((RdmaCmException) assertInstanceOf(ConnectResult.Unreachable.class, r).cause()).event());
        assertEquals(List.of(), other.liveHandles());
    }

    @Test
    void givenTargetRejects_whenConnecting_thenRefusedAndResourcesFreed() throws Exception {
        verbs.connectAnswer = RDMA_CM_EVENT_REJECTED;
        ConnectResult.Refused result = assertInstanceOf(ConnectResult.Refused.class, connect(2000));
        assertEquals(RDMA_CM_EVENT_REJECTED, ((RdmaCmException) result.cause()).event());
        assertTrue(verbs.calls().contains("rdma_disconnect"));
        assertEquals(List.of(), verbs.liveHandles());
        assertEquals(List.of(), verbs.violations());
    }

    @Test
    void givenNoEstablishedEvent_whenConnecting_thenTimedOutWithinTheTimeout() throws Exception {
        verbs.connectAnswer = null;
        long start = System.nanoTime();
        ConnectResult.TimedOut result = assertInstanceOf(ConnectResult.TimedOut.class, connect(300));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(300, result.timeoutMillis());
        assertTrue(elapsedMillis >= 250 && elapsedMillis < 2000, "elapsed " + elapsedMillis + " ms");
        assertEquals(List.of(), verbs.liveHandles());
    }

    @Test
    void givenCreateQpFails_whenConnecting_thenUnreachableWithErrnoAndPartialResourcesFreed() throws Exception {
        verbs.failCreateQp = true;
        ConnectResult.Unreachable result = assertInstanceOf(ConnectResult.Unreachable.class, connect(2000));
        assertEquals(ENOMEM, ((RdmaException) result.cause()).errno());
        assertEquals(List.of(), verbs.liveHandles());
        assertFalse(verbs.calls().contains("rdma_disconnect"), "never connected, nothing to disconnect");
        assertEquals(List.of(), verbs.violations());
    }

    @Test
    void givenDeviceRemovedWhileConnecting_whenConnecting_thenUnreachable() throws Exception {
        verbs.connectAnswer = RDMA_CM_EVENT_DEVICE_REMOVAL;
        ConnectResult.Unreachable result = assertInstanceOf(ConnectResult.Unreachable.class, connect(2000));
        assertEquals(RDMA_CM_EVENT_DEVICE_REMOVAL, ((RdmaCmException) result.cause()).event());
        assertEquals(List.of(), verbs.liveHandles());
    }

    @Test
    void givenUnresolvedPortal_whenConnecting_thenUnreachableWithoutTouchingVerbs() throws Exception {
        ConnectResult r = connector.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 3260),
                TransportOptions.defaults());
        assertInstanceOf(ConnectResult.Unreachable.class, r);
        assertEquals(List.of(), verbs.calls());
    }
}
