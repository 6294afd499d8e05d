package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.server.ServerLog.LOG;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * An NBD server (fixed newstyle, proto.md) serving {@link Export}s over TCP or a Unix domain socket: an acceptor
 * virtual thread, a platform thread per connection, and a virtual thread per request in flight unless the device is
 * low-latency.
 */
public final class NbdServer implements Closeable {
    /** How long {@link #close()} waits for in-flight requests before closing connections anyway. */
    static final long SHUTDOWN_GRACE_MILLIS = 10_000;
    /** How long a client may take from connecting to entering transmission (nbdkit uses 60 s too). */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 60_000;

    private final NbdServerConfig config;
    private final ServerSocketChannel listener;
    private final SocketAddress localAddress;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> connectionThreads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread acceptor;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("nbd-timer").factory());
    private final long handshakeTimeoutMillis;
    private final DirectBufferPool buffers = new DirectBufferPool();
    private volatile boolean closing;

    private NbdServer(NbdServerConfig config, ServerSocketChannel listener, long handshakeTimeoutMillis)
            throws IOException {
        this.config = config;
        this.listener = listener;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.localAddress = listener.getLocalAddress();
        this.acceptor = Thread.ofVirtual().name("nbd-acceptor").unstarted(this::acceptLoop);
    }

    /** Binds, starts accepting on a virtual thread, and returns. */
    public static NbdServer start(NbdServerConfig config) throws IOException {
        return start(config, HANDSHAKE_TIMEOUT_MILLIS);
    }

    static NbdServer start(NbdServerConfig config, long handshakeTimeoutMillis) throws IOException {
        SocketAddress address = config.listenAddress();
        ServerSocketChannel listener = address instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        try {
            listener.bind(address);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        NbdServer server = new NbdServer(config, listener, handshakeTimeoutMillis);
        LOG.log(Level.INFO, "NBD server listening on {0} with exports {1}", server.localAddress,
                config.exports().stream().map(Export::name).toList());
        server.acceptor.start();
        return server;
    }

    /** The bound address (an ephemeral port resolved). */
    public SocketAddress localAddress() {
        return localAddress;
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(Level.ERROR, "accept on " + localAddress + " failed; no new clients", e);
                }
                return;
            }
            try {
                startConnection(channel);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot set up connection: {0}", e.toString());
                closeQuietly(channel);
            }
        }
    }

    private void startConnection(SocketChannel channel) throws IOException {
        if (channel.getRemoteAddress() instanceof java.net.InetSocketAddress) {
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        }
        NbdStream stream = new ChannelStream(channel);
        Connection[] self = new Connection[1];
        Thread[] thread = new Thread[1];
        self[0] = new Connection(config, stream, timer, handshakeTimeoutMillis, buffers, () -> {
            connections.remove(self[0]);
            connectionThreads.remove(Thread.currentThread());
        });
        connections.add(self[0]);
        // A platform thread: its blocking reads are plain read(2) calls. A virtual thread's go through epoll and a
        // carrier wake-up, several system calls per request, which dominated the CPU profile at queue depth 1.
        thread[0] = Thread.ofPlatform().daemon().name("nbd-conn-" + stream.peer()).unstarted(self[0]);
        connectionThreads.add(thread[0]);
        if (closing) { // raced with close(): don't start serving
            connections.remove(self[0]);
            connectionThreads.remove(thread[0]);
            stream.close();
            return;
        }
        LOG.log(Level.DEBUG, "{0}: accepted", stream.peer());
        thread[0].start();
    }

    /**
     * Graceful: stop accepting, let in-flight requests finish (at most {@link #SHUTDOWN_GRACE_MILLIS}), flush each
     * device that can flush, close connections. Devices are not closed: they belong to the caller.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                awaitQuietly();
                return;
            }
            closing = true;
        }
        try {
            LOG.log(Level.INFO, "NBD server on {0} shutting down", localAddress);
            closeQuietly(listener);
            acceptor.join(SHUTDOWN_GRACE_MILLIS);
            connections.forEach(Connection::beginShutdown);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS);
            for (Thread thread : Set.copyOf(connectionThreads)) {
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMillis <= 0 || !thread.join(java.time.Duration.ofMillis(leftMillis))) {
                    LOG.log(Level.WARNING, "requests still in flight after {0} ms; closing connections anyway",
                            SHUTDOWN_GRACE_MILLIS);
                    break;
                }
            }
            connections.forEach(Connection::closeQuietly);
            flushDevices();
            if (config.listenAddress() instanceof UnixDomainSocketAddress unix) {
                Files.deleteIfExists(unix.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connections.forEach(Connection::closeQuietly);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "removing socket file: {0}", e.toString());
        } finally {
            timer.shutdownNow();
            LOG.log(Level.INFO, "NBD server on {0} stopped", localAddress);
            terminated.countDown();
        }
    }

    private void flushDevices() {
        Set<BlockDevice> devices = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Export export : config.exports()) {
            BlockDevice device = export.device();
            if (device.canFlush() && !export.effectiveReadOnly() && devices.add(device)) {
                try {
                    device.flush();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.ERROR, "flush of export '" + export.name() + "' on shutdown failed", e);
                }
            }
        }
    }

    /** The buffers of request payloads and READ data; for leak tests. */
    DirectBufferPool buffers() {
        return buffers;
    }

    /** Connections currently open (handshake or transmission); for tests and metrics. */
    int connectionCount() {
        return connections.size();
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    private void awaitQuietly() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close: {0}", e.toString());
        }
    }
}
