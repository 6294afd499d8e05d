package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.server.ServerLog.LOG;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.lunbridge.nbd.protocol.NbdConstants;
import org.lunbridge.nbd.protocol.ProtocolViolationException;

/** One client connection: handshake, then transmission, on its own thread. */
final class Connection implements Runnable {
    private final NbdServerConfig config;
    private final NbdStream stream;
    private final Runnable onExit;
    private final ScheduledExecutorService timer;
    private final long handshakeTimeoutMillis;
    private final DirectBufferPool buffers;
    private volatile boolean handshakeDone;
    private volatile boolean transmitting;
    /** The stream in use: the plain one until a TLS layer (if any) replaces it. */
    private volatile NbdStream current;

    /**
     * @param timer runs the handshake deadline: a client still negotiating after {@code handshakeTimeoutMillis} is
     *     dropped, so stalled or idle connections cannot pile up before transmission
     */
    Connection(NbdServerConfig config, NbdStream stream, ScheduledExecutorService timer, long handshakeTimeoutMillis,
               DirectBufferPool buffers, Runnable onExit) {
        this.config = config;
        this.buffers = buffers;
        this.stream = stream;
        this.timer = timer;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.onExit = onExit;
        this.current = stream;
    }

    @Override
    public void run() {
        String peer = stream.peer();
        String exportName = null;
        try {
            ScheduledFuture<?> deadline = timer.schedule(this::handshakeTimedOut, handshakeTimeoutMillis,
                    TimeUnit.MILLISECONDS);
            Negotiated negotiated;
            try {
                negotiated = new Handshake(config, stream).run();
            } finally {
                handshakeDone = true;
                deadline.cancel(false);
            }
            if (negotiated == null) {
                LOG.log(Level.DEBUG, "{0}: client aborted the handshake", peer);
                return;
            }
            current = negotiated.stream();
            exportName = negotiated.export().name();
            LOG.log(Level.INFO, "{0}: client connected to export ''{1}'' ({2}{3}, flags {4})", peer, exportName,
                    negotiated.extendedHeaders() ? "extended headers" : "compact headers",
                    negotiated.structuredReplies() ? ", structured replies" : "",
                    NbdConstants.nameOfTransmissionFlags(negotiated.transmissionFlags()));
            transmitting = true;
            new Transmission(negotiated, config.maxRequestsInFlightPerConnection(), buffers).run();
        } catch (ProtocolViolationException e) {
            LOG.log(Level.WARNING, "{0}: protocol violation, dropping connection: {1}", peer, e.getMessage());
        } catch (EOFException | ClosedChannelException e) {
            LOG.log(Level.DEBUG, "{0}: connection closed: {1}", peer, e.toString());
        } catch (IOException e) {
            LOG.log(Level.INFO, "{0}: connection failed: {1}", peer, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, peer + ": connection failed unexpectedly", e);
        } finally {
            closeQuietly();
            if (exportName != null) {
                LOG.log(Level.INFO, "{0}: client disconnected from export ''{1}''", peer, exportName);
            }
            onExit.run();
        }
    }

    private void handshakeTimedOut() {
        if (!handshakeDone) {
            LOG.log(Level.WARNING, "{0}: handshake not finished after {1} ms, dropping connection", stream.peer(),
                    handshakeTimeoutMillis);
            closeQuietly();
        }
    }

    /**
     * Graceful shutdown: in transmission, stop reading (in-flight requests finish and reply, then the connection
     * closes itself); in the handshake nothing is in flight, so close now.
     */
    void beginShutdown() {
        try {
            if (transmitting) {
                current.shutdownInput();
            } else {
                current.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: shutdown: {1}", stream.peer(), e.toString());
        }
    }

    /** Forced close after the grace period. */
    void closeQuietly() {
        try {
            current.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: close: {1}", stream.peer(), e.toString());
        }
    }
}
