package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.Transport;
import org.lunbridge.iscsi.transport.TransportOptions;

/** {@code ep_connect}/{@code ep_poll} outcomes over loopback. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TcpConnectorTest {
    private final TcpConnector connector = new TcpConnector();

    @Test
    void givenListener_whenConnected_thenTransportHasTcpCapsAndSocketOptions() throws Exception {
        try (ServerSocketChannel server = listen(50)) {
            ConnectResult result = connector.connect(address(server), TransportOptions.defaults());

            Transport transport = assertInstanceOf(ConnectResult.Connected.class, result).transport();
            try (transport) {
                assertEquals("tcp", transport.caps().name());
                assertTrue(transport.caps().headerDigest() && transport.caps().dataDigest());
                assertFalse(transport.caps().rdmaDataMovement());
                assertEquals(address(server), transport.remoteAddress());
                assertTrue(transport.isOpen());
            }
            assertFalse(transport.isOpen());
        }
    }

    @Test
    void givenNothingListening_whenConnect_thenRefused() throws Exception {
        InetSocketAddress closed;
        try (ServerSocketChannel server = listen(1)) {
            closed = address(server);
        }

        ConnectResult result = connector.connect(closed, TransportOptions.defaults());

        assertInstanceOf(ConnectResult.Refused.class, result);
        assertEquals(closed, result.portal());
    }

    @Test
    void givenFullAcceptQueue_whenConnect_thenTimedOutWithinBound() throws Exception {
        // Linux drops SYNs once a listener's accept queue is full, so a connect neither succeeds nor fails.
        try (ServerSocketChannel server = listen(1)) {
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                fillQueue(server, fillers);
                long start = System.nanoTime();

                ConnectResult result = connector.connect(address(server),
                        TransportOptions.defaults().withConnectTimeoutMillis(300));

                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                ConnectResult.TimedOut timedOut = assertInstanceOf(ConnectResult.TimedOut.class, result);
                assertEquals(300, timedOut.timeoutMillis());
                assertTrue(elapsedMillis >= 290 && elapsedMillis < 3000, "elapsed " + elapsedMillis);
            } finally {
                for (SocketChannel c : fillers) {
                    c.close();
                }
            }
        }
    }

    @Test
    void givenUnresolvedHost_whenConnect_thenUnreachable() throws Exception {
        ConnectResult result = connector.connect(InetSocketAddress.createUnresolved("no-such-host.invalid", 3260),
                TransportOptions.defaults());

        assertInstanceOf(ConnectResult.Unreachable.class, result);
    }

    private static void fillQueue(ServerSocketChannel server, List<SocketChannel> fillers) throws Exception {
        for (int i = 0; i < 64; i++) {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            fillers.add(c);
            c.connect(address(server));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (!c.finishConnect()) {
                if (System.nanoTime() > deadline) {
                    return; // this one hangs: the queue is full
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("accept queue never filled");
    }

    private static ServerSocketChannel listen(int backlog) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        return server;
    }

    private static InetSocketAddress address(ServerSocketChannel server) throws Exception {
        return (InetSocketAddress) server.getLocalAddress();
    }
}
