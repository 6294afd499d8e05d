package org.lunbridge.iscsi.transport.tcp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.TransportCaps;
import org.lunbridge.iscsi.transport.TransportConnector;
import org.lunbridge.iscsi.transport.TransportOptions;

/**
 * Opens iSCSI/TCP connections (RFC 7143 §4.1: one TCP connection per iSCSI connection). The connect runs
 * non-blocking under a {@link Selector} so it is bounded by the timeout, like {@code ep_connect} + {@code ep_poll};
 * the established channel is then switched to blocking mode for {@link TcpTransport}.
 */
public final class TcpConnector implements TransportConnector {
    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getPackageName());

    @Override
    public TransportCaps caps() {
        return TcpTransport.CAPS;
    }

    @Override
    public ConnectResult connect(InetSocketAddress portal, TransportOptions options) throws InterruptedException {
        if (portal.isUnresolved()) {
            return new ConnectResult.Unreachable(portal, new UnknownHostException(portal.getHostString()));
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            configure(channel, options);
            channel.configureBlocking(false);
            boolean connected = channel.connect(portal);
            if (!connected && !awaitConnect(channel, options.connectTimeoutMillis())) {
                channel.close();
                LOG.log(Level.DEBUG, "connect to {0} timed out after {1} ms", portal, options.connectTimeoutMillis());
                return new ConnectResult.TimedOut(portal, options.connectTimeoutMillis());
            }
            // The selector is closed by now, so the channel is deregistered and may turn blocking again.
            channel.configureBlocking(true);
            LOG.log(Level.INFO, "connected to {0} from {1}", portal, channel.getLocalAddress());
            return new ConnectResult.Connected(portal, new TcpTransport(channel, portal, options));
        } catch (ConnectException e) {
            closeQuietly(channel);
            return new ConnectResult.Refused(portal, e);
        } catch (IOException e) {
            closeQuietly(channel);
            return new ConnectResult.Unreachable(portal, e);
        }
    }

    /** True once connected; false when the timeout expires first. Connect errors surface from finishConnect. */
    private static boolean awaitConnect(SocketChannel channel, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_CONNECT);
            while (true) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    return false;
                }
                selector.select(remainingMillis);
                if (Thread.interrupted()) {
                    channel.close();
                    throw new InterruptedException("interrupted while connecting to " + channel);
                }
                selector.selectedKeys().clear();
                if (channel.finishConnect()) {
                    return true;
                }
            }
        }
    }

    private static void configure(SocketChannel channel, TransportOptions options) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, options.tcpNoDelay());
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, options.keepAlive());
        if (options.sendBufferBytes() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferBytes());
        }
        if (options.receiveBufferBytes() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes());
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a failed connect attempt", e);
            }
        }
    }
}
